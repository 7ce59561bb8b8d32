#pragma once

#include <QString>

// One fault the simulator injects into its HTTP traffic (off unless added).
namespace sim {

struct Fault {
    enum class Kind {
        Latency,        // delay the request by `value` ms before it is served
        Http500,        // answer HTTP 500 with an Apache-style HTML body (not JSON)
        Http503,        // answer HTTP 503 Service Unavailable (HTML body)
        Stall,          // accept and never finish: value 0 = send nothing at all,
                        // value > 0 = send the header and `value` body bytes, value < 0 = header + half the body
        DropAfterBytes, // send the header and `value` body bytes, then close the connection
        MalformedJson   // valid HTTP, but the body is cut to `value` bytes (0 = half) and is no longer valid JSON
    };
    Kind kind = Kind::Latency;
    int value = 0;
    QString pathContains; // only requests whose target (path + query) contains this; empty = all
    int times = 1;        // how many matching requests get the fault; < 0 = unlimited
    double rate = 0.0;    // > 0: each matching request is hit with this probability (seeded RNG)
    int skip = 0;         // let this many matching requests through untouched first
};

} // namespace sim
