import SnodoModel

extension ChangeBatch {
    /// The first of the limits ([LIMIT-2] … [LIMIT-7]) this batch breaks, nil when it keeps them
    /// all. The decoder refuses such a batch before allocating, and the sync rounds cut batches to
    /// fit: an encoder that met one anyway, or a decoder that returned one, is a bug (the pair of
    /// assertions in `FrameCodec.encode` and `ChangeBatch.read`).
    package func limitBroken(_ limits: WireLimits) -> String? {
        if changes.count > limits.changesPerBatchMax { return "changes" }
        var records = Set<RecordID>()
        var devices = Set<DeviceID>()
        for change in changes {
            devices.insert(change.stamp.device)
            switch change {
            case .erase(let erasure):
                records.insert(erasure.record)
            case .write(let write):
                records.insert(write.key.record)
                if write.key.element.count > limits.elementBytesMax { return "element bytes" }
                if write.supersedes.count > limits.supersedesMax { return "supersedes" }
                for stamp in write.supersedes { devices.insert(stamp.device) }
            }
        }
        if records.count > limits.recordsPerBatchMax { return "records" }
        if devices.count > limits.devicesPerBatchMax { return "devices" }
        return nil
    }
}
