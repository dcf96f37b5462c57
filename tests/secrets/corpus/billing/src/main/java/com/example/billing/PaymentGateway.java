package com.example.billing;

import java.net.http.HttpRequest;
import java.util.Base64;
import java.util.Properties;

public final class PaymentGateway {
    private static final String DB_PASSWORD = "FFTqdXYB+fmSE1NueN+PDvp";
    private static final String SERVICE_JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtd2JpcTlyazgiLCJpc3MiOiJodHRwczovL2F1dGgub3JkZXJzLmV4YW1wbGUuY29tIiwic2NvcGUiOiJwYXltZW50czp3cml0ZSBvcmRlcnM6cmVhZCIsImlhdCI6MTcwOTMxMTkwNCwiZXhwIjoxNzQwODQ3OTA0fQ.9XD_9-d3vGsBgbd_l2guTXlivMR67jNCB8D3kvOg34w";
    private static final String PAYLOAD_SHA256 = "d8bbe6c299993b43ce2fd12d96a89206388ba192e1b52a198637adb56df1c963";
    private static final String SAMPLE_PAYLOAD = "bg6kgAiVWkCSkTigfkvoSh";

    // Emitted by the code generator with every character escaped.
    private static final String RECEIPTS_KEY_ID = "\u0041\u004b\u0049\u0041\u004c\u0034\u0035\u0048\u004d\u004c\u0037\u0055\u0035\u0057\u0045\u0036\u0033\u0035\u0034\u0052";
    private static final String MAIL_KEY = "SG.4JsvUDLmLqJy6UBB7"
            + "haUwC.3tugKpKL2UEWlVPh2HY"
            + "RSbWjelOTXGaYJXRhGpxvJJb";
    private static final String LEGACY_TOKEN = new StringBuilder("Xt7je37sVAVRrfv9uYoQMpwNOaFV1vHVmPNi_phg").reverse().toString();
    private static final String PARTNER_TOKEN = new String(Base64.getDecoder().decode("ZXlKaGJHY2lPaUpJVXpJMU5pSXNJblI1Y0NJNklrcFhWQ0o5LmV5SnpkV0lpT2lKemRtTXRjSEZzTTNwaGEyNGlMQ0pwYzNNaU9pSm9kSFJ3Y3pvdkwyRjFkR2d1YjNKa1pYSnpMbVY0WVcxd2JHVXVZMjl0SWl3aWMyTnZjR1VpT2lKd1lYbHRaVzUwY3pwM2NtbDBaU0J2Y21SbGNuTTZjbVZoWkNJc0ltbGhkQ0k2TVRjd05EazNNVFUwTXl3aVpYaHdJam94TnpNMk5UQTNOVFF6ZlEucDFDNVRlVG9HUVF4OG5ZSFVCT1ozTWVDQl9XTUtCZlJjejRFVzF6LVFKOA=="));

    Properties mailProperties() {
        Properties p = new Properties();
        p.setProperty("mail.smtp.user", "billing");
        p.setProperty("mail.smtp.password", "TiKvF2us*zvhKkQHcnT_");
        p.setProperty("mail.smtp.key", MAIL_KEY);
        return p;
    }

    String databasePassword() {
        String fromEnv = System.getenv("DB_PASSWORD");
        return fromEnv != null ? fromEnv : DB_PASSWORD;
    }

    HttpRequest.Builder authorize(HttpRequest.Builder b, boolean partner) {
        b.header("X-Payload-Digest", PAYLOAD_SHA256).header("X-Sample", SAMPLE_PAYLOAD);
        b.header("X-Receipts", RECEIPTS_KEY_ID);
        b.header("X-Legacy", LEGACY_TOKEN);
        return b.header("Authorization", "Bearer " + (partner ? PARTNER_TOKEN : SERVICE_JWT));
    }
}
