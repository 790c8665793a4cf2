package dev.lore.deploy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** {@code <data>/.lock}: one launcher per data dir. The OS drops the lock if the launcher dies. */
final class DataDirLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirLock acquire(Path dataDir) throws StartupException {
        Path file = dataDir.resolve(".lock");
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = Files.readString(file).trim();
                channel.close();
                throw new StartupException("lore", "data dir " + dataDir + " is in use by another './lore up'"
                        + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                        + ". Stop that one first, or pass a different --data-dir.", null);
            }
            channel.truncate(0).write(ByteBuffer.wrap(String.valueOf(ProcessHandle.current().pid())
                    .getBytes(StandardCharsets.UTF_8)));
            return new DataDirLock(channel, lock);
        } catch (IOException e) {
            throw new StartupException("lore", "cannot lock " + file + ": " + e.getMessage(), null, e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this JVM, i.e. another launcher instance in the same process
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the lock goes away with the process anyway
        }
    }
}
