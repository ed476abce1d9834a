import Foundation

/// One loop for writing a whole buffer to a descriptor: `write` may write part of it, or be
/// interrupted by a signal (SIGCHLD and SIGTERM arrive while workers run), so it retries both.
public enum DescriptorWrite {
    /// Writes every byte; the `errno` of the failure, or nil when all were written.
    public static func all(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
    }
}
