#pragma once

#include <QString>

// The real instruments' constants per channel (pointing, plate scale, roll, exposure, timing),
// read once from tests/sim/data/instruments.json, which says where each number comes from.
// Everything the simulator writes about an observation's geometry starts here.
namespace sim {

struct ChannelConstants {
    int wavelength = 0;       // [Å]
    int telescope = 0;        // AIA telescope (INSTRUME AIA_n, CAMERA); 0 elsewhere
    int detector = 4096;      // full-resolution edge [pixel] that CDELT/CRPIX refer to
    double exptime = 0.0;     // EXPTIME [s]
    double tObsOffset = 0.0;  // T_OBS - T_REC [s] (AIA framelist position, MDI integration centre)
    double cdelt = 0.0;       // [arcsec/pixel]
    double crpix1 = 0.0, crpix2 = 0.0; // [pixel], 1-based
    double crota2 = 0.0;      // [deg]
    double dnGain = 0.0;      // DN_GAIN [electrons/DN] (AIA; 0 elsewhere)
};

class InstrumentConstants final
{
public:
    // "AIA", "HMI", "MDI"; `wavelength` picks the AIA channel (ignored for one-channel
    // instruments). nullptr for an unknown instrument or channel.
    static const ChannelConstants *channel(const QString &instrument, int wavelength);
    // T_OBS - DATE-OBS of an HMI/MDI observable of this cadence [s] (nearest tabulated cadence).
    static double dateObsLead(const QString &instrument, double cadence);
    // Where the table was read from, and what went wrong if it could not be (empty when fine).
    static QString path();
    static QString loadError();
};

} // namespace sim
