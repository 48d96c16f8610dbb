package ru.berezhno.server.backup;

import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the {@code backup} and {@code verify} commands reach a running server: a Unix domain socket,
 * {@code run/control.sock} in the data folder, in a folder only the server's user may enter. So
 * whoever may run them is whoever may read the data folder anyway; no token and no port are
 * involved. A request is one line, {@code backup} or {@code verify}; the answer is a line
 * {@code ok} (or {@code error <why>}), then the archive's bytes until the server closes the
 * connection, or the report's lines ending with {@code exit <status>}. A backup cut short
 * (the server killed) reaches the command as an incomplete archive, which it refuses.
 */
public final class ControlSocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlSocket.class);
    static final String BACKUP = "backup";
    static final String VERIFY = "verify";
    static final String OK = "ok";
    static final String ERROR = "error ";
    static final String EXIT = "exit ";
    private static final int MAX_LINE_BYTES = 1 << 16;

    private final Path path;
    private final ServerSocketChannel server;
    private final Backups backups;
    private final Thread acceptor;

    private ControlSocket(Path path, ServerSocketChannel server, Backups backups) {
        this.path = path;
        this.server = server;
        this.backups = backups;
        this.acceptor = new Thread(this::accept, "control-socket");
        acceptor.setDaemon(true);
    }

    /** The socket of a data folder. */
    public static Path path(Path dataFolder) {
        return dataFolder.resolve("run").resolve("control.sock");
    }

    /**
     * Opens the control socket of a data folder the caller holds the lock of (so a socket left
     * there is a dead server's, and is replaced); returns null, having logged why, when the system
     * cannot make one (a path too long for a Unix socket).
     */
    public static ControlSocket open(Path dataFolder, Backups backups) throws IOException {
        requireNonNull(backups, "backups is null");
        Path path = path(dataFolder);
        Path folder = path.getParent();
        Files.createDirectories(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
        }
        catch (IOException | IllegalArgumentException e) {
            server.close();
            LOG.warn("No control socket at {} ({}): 'berezhno.jar backup' and 'verify' cannot reach this server; use POST"
                    + " /api/v1/admin/backups, or a shorter data folder path", path, e.toString());
            return null;
        }
        ControlSocket socket = new ControlSocket(path, server, backups);
        socket.acceptor.start();
        return socket;
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel connection = server.accept();
                Thread handler = new Thread(() -> handle(connection), "control-request");
                handler.setDaemon(true);
                handler.start();
            }
            catch (ClosedChannelException e) {
                return;
            }
            catch (IOException e) {
                LOG.warn("The control socket failed to accept a connection", e);
            }
        }
    }

    private void handle(SocketChannel connection) {
        try (connection; InputStream in = Channels.newInputStream(connection);
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(connection), 1 << 16)) {
            String request = readLine(in);
            if (BACKUP.equals(request)) {
                line(out, OK);
                BackupManifest manifest = backups.write(out);
                out.flush();
                LOG.info("Backup through the control socket: {} responses, journal point {}", manifest.responses(), manifest.journalPoint());
            }
            else if (VERIFY.equals(request)) {
                Backups.VerifyReport report = backups.verify();
                line(out, OK);
                for (String line : report.lines()) {
                    line(out, line);
                }
                line(out, EXIT + (report.damaged() ? 1 : 0));
            }
            else {
                line(out, ERROR + "unknown request '" + request + "'; ask " + BACKUP + " or " + VERIFY);
            }
        }
        catch (IOException | RuntimeException e) {
            LOG.warn("A request on the control socket failed", e);
        }
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int read = in.read(); read != '\n'; read = in.read()) {
            if (read < 0 || line.length() >= MAX_LINE_BYTES) {
                break;
            }
            line.append((char) read);
        }
        return new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    static void line(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a server answers on the data folder's control socket. */
    public static boolean answers(Path dataFolder) {
        Path path = path(dataFolder);
        if (!Files.exists(path)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(path));
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }

    /**
     * Has the running server write a backup into {@code target}.
     *
     * @throws BackupException when the server refuses, or the connection breaks before the server says yes
     */
    public static void backup(Path dataFolder, Path target) throws IOException {
        try (SocketChannel channel = connect(dataFolder); InputStream in = Channels.newInputStream(channel);
                OutputStream request = Channels.newOutputStream(channel)) {
            line(request, BACKUP);
            answer(in);
            try (OutputStream out = Files.newOutputStream(target)) {
                in.transferTo(out);
            }
        }
    }

    /** Has the running server check its data, as {@code verify} does. */
    public static Backups.VerifyReport verify(Path dataFolder) throws IOException {
        try (SocketChannel channel = connect(dataFolder); InputStream in = Channels.newInputStream(channel);
                OutputStream request = Channels.newOutputStream(channel)) {
            line(request, VERIFY);
            answer(in);
            List<String> lines = new ArrayList<>();
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                if (line.startsWith(EXIT)) {
                    return new Backups.VerifyReport(!line.equals(EXIT + 0), lines);
                }
                lines.add(line);
            }
            throw new BackupException("the server stopped answering before the check was done");
        }
    }

    private static SocketChannel connect(Path dataFolder) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(path(dataFolder)));
            return channel;
        }
        catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private static void answer(InputStream in) throws IOException {
        String answer = readLine(in);
        if (answer.startsWith(ERROR)) {
            throw new BackupException("the server refused: " + answer.substring(ERROR.length()));
        }
        if (!answer.equals(OK)) {
            throw new BackupException("the server did not answer (" + (answer.isEmpty() ? "the connection closed" : answer) + ")");
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(path);
        }
        catch (IOException e) {
            LOG.debug("closing the control socket failed", e);
        }
    }
}
