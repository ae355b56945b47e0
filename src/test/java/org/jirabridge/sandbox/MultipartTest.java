package org.jirabridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Reading multipart/form-data uploads, binary content included. */
class MultipartTest {

    @Test
    void readsEveryPartWithItsNameFileNameTypeAndExactBytes() {
        byte[] binary = {0, 13, 10, 45, 45, (byte) 0xff};
        String head = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        String middle = "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\nhello\r\n--XyZ--\r\n";
        byte[] body = concat(head.getBytes(StandardCharsets.UTF_8), binary, middle.getBytes(StandardCharsets.UTF_8));

        List<Multipart.Part> parts = Multipart.parse("multipart/form-data; boundary=\"XyZ\"", body);

        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).name()).isEqualTo("file");
        assertThat(parts.get(0).filename()).isEqualTo("a.bin");
        assertThat(parts.get(0).contentType()).isEqualTo("application/octet-stream");
        assertThat(parts.get(0).content()).containsExactly(binary);
        assertThat(parts.get(1).name()).isEqualTo("comment");
        assertThat(parts.get(1).filename()).isNull();
        assertThat(new String(parts.get(1).content(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void refusesWhatIsNotMultipart() {
        assertThatThrownBy(() -> Multipart.parse("application/json", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Multipart.parse("multipart/form-data", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Multipart.parse("multipart/form-data; boundary=b", "no boundary here".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] concat(byte[]... chunks) {
        int length = 0;
        for (byte[] chunk : chunks) {
            length += chunk.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, all, at, chunk.length);
            at += chunk.length;
        }
        return all;
    }
}
