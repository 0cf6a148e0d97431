package dev.tokenry.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Writes HTTP/1.1 by hand for what {@code HttpClient} will not send: a {@code Host} of our choice,
 * {@code TRACE}, and bodies of arbitrary bytes.
 */
final class RawHttp {

  private RawHttp() {}

  /** The status line and headers, and the body of an answer. */
  record Answer(int status, String head, String body) {
    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
          return line.substring(colon + 1).strip();
        }
      }
      return null;
    }
  }

  /**
   * Sends one request and reads the whole answer.
   *
   * @param host the {@code Host} header value, or null to send none
   * @param body the body bytes, or null for none (a {@code Content-Length} is added otherwise)
   */
  static Answer send(
      int port, String method, String target, String host, byte[] body, String... headerLines)
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      StringBuilder request =
          new StringBuilder().append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      if (host != null) {
        request.append("Host: ").append(host).append("\r\n");
      }
      for (String line : headerLines) {
        request.append(line).append("\r\n");
      }
      if (body != null) {
        request.append("Content-Length: ").append(body.length).append("\r\n");
      }
      request.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      try {
        in.transferTo(all);
      } catch (IOException e) {
        // A server that answers before reading a large body may reset the connection after it.
        if (all.size() == 0) {
          throw e;
        }
      }
      String text = all.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      String head = end < 0 ? text : text.substring(0, end);
      String answerBody = end < 0 ? "" : text.substring(end + 4);
      int status = Integer.parseInt(head.substring(9, 12));
      return new Answer(status, head, answerBody);
    }
  }
}
