#pragma once

#include "model/records/RecordTable.h"
#include "network/JsocJob.h"

#include <memory>

namespace jsoc {

// rs_list query. The body is parsed on a worker thread (QtConcurrent) straight into the
// columnar RecordTable, so big replies never block the GUI thread. A reply with more records
// than the `n` sent fails with BadResponse: the server did not answer the question asked.
class RecordListJob final : public JsocValueJob<RecordTable>
{
public:
    ~RecordListJob() override;

    // Moves the table out (avoids a copy for huge results). result() is empty afterwards.
    RecordTable takeResult() { return std::move(m_result); }

private:
    friend class JsocClient;
    RecordListJob(QObject *parent, qint64 limit);
    void handleBody(const QByteArray &body) override;

    struct Pending;
    std::unique_ptr<Pending> m_pending;
    qint64 m_limit = 0; // the `n` sent (0: none); more rows than |n| is an error
};

} // namespace jsoc
