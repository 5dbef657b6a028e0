import CLibPQ
import Foundation

extension PostgresConnection {
    /// Runs a `COPY … FROM STDIN` statement and sends `bytes` (COPY text) as its data:
    /// PQexec enters copy-in, PQputCopyData streams the data in slices, PQputCopyEnd finishes,
    /// and PQgetResult reports the outcome. Every result is read, so the connection is ready for
    /// the next statement whether the COPY succeeded or failed.
    func copyIn(_ sql: String, bytes: [UInt8]) throws -> Int {
        try reconnectingIfStale {
            guard let start = PQexec(handle, sql) else { throw connectionError() }
            let startStatus = PQresultStatus(start)
            if startStatus != PGRES_COPY_IN {
                let error = startStatus == PGRES_FATAL_ERROR ? makeError(start) : connectionError()
                PQclear(start)
                drainResults()
                throw error
            }
            PQclear(start)

            let slice = 1 << 20
            var offset = 0
            var sent = true
            bytes.withUnsafeBufferPointer { buffer in
                while sent, offset < buffer.count {
                    let length = min(slice, buffer.count - offset)
                    let pointer = UnsafeRawPointer(buffer.baseAddress! + offset).assumingMemoryBound(to: CChar.self)
                    sent = PQputCopyData(handle, pointer, Int32(length)) == 1
                    offset += length
                }
            }
            guard sent, PQputCopyEnd(handle, nil) == 1 else {
                let error = connectionError()
                drainResults()
                throw error
            }
            return try finishCopy()
        }
    }

    /// Reads the COPY's result and everything after it; throws the first error.
    private func finishCopy() throws -> Int {
        var firstError: PostgresError?
        var stored = 0
        while let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            if status == PGRES_COMMAND_OK {
                stored = Int(String(cString: PQcmdTuples(result))) ?? 0
            } else if firstError == nil {
                firstError = status == PGRES_FATAL_ERROR ? makeError(result) : connectionError()
            }
            PQclear(result)
            // A result still in copy mode means the server is waiting for more: end it.
            if status == PGRES_COPY_IN { _ = PQputCopyEnd(handle, "aborted by client") }
        }
        if !isConnected { throw connectionError() }
        if let firstError { throw firstError }
        return stored
    }

    private func drainResults() {
        while let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_COPY_IN { _ = PQputCopyEnd(handle, "aborted by client") }
        }
    }
}
