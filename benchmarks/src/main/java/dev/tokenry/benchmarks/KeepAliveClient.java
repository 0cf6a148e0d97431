package dev.tokenry.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 load client over one keep-alive connection: writes a fixed request, reads the
 * status line, the headers and a {@code Content-Length} body. Much lighter than a general client,
 * so that on a small machine the server, not the client, is what gets measured.
 */
final class KeepAliveClient implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final byte[] request;
  private final byte[] body = new byte[8192];

  KeepAliveClient(int port, String path, String authorization) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(10_000);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 8192);
    request =
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: 127.0.0.1:"
                + port
                + "\r\n"
                + "Authorization: "
                + authorization
                + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * Sends the request and reads the whole response.
   *
   * @return the status code
   */
  int exchange() throws IOException {
    out.write(request);
    out.flush();
    int status = -1;
    int contentLength = -1;
    StringBuilder line = new StringBuilder(64);
    while (true) {
      readLine(line);
      if (line.length() == 0) {
        break;
      }
      if (status < 0) {
        status = Integer.parseInt(line.substring(9, 12));
      } else if (line.length() > 15 && line.substring(0, 15).equalsIgnoreCase("content-length:")) {
        contentLength = Integer.parseInt(line.substring(15).trim());
      }
    }
    if (contentLength < 0) {
      throw new IOException("response without Content-Length, status " + status);
    }
    int remaining = contentLength;
    while (remaining > 0) {
      int n = in.read(body, 0, Math.min(body.length, remaining));
      if (n < 0) {
        throw new IOException("connection closed mid-body");
      }
      remaining -= n;
    }
    return status;
  }

  private void readLine(StringBuilder line) throws IOException {
    line.setLength(0);
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c == '\n') {
        int last = line.length() - 1;
        if (last >= 0 && line.charAt(last) == '\r') {
          line.setLength(last);
        }
        return;
      }
      line.append((char) c);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
