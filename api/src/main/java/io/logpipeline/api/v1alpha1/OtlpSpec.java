package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.logpipeline.api.units.GoDuration;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** An OTLP/HTTP logs endpoint and how to talk to it. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OtlpSpec {

    @Size(max = Bounds.URL)
    @Required
    @Pattern("^https?://.+")
    @JsonPropertyDescription("Full URL of the OTLP logs path, e.g. http://victorialogs:9428/insert/opentelemetry/v1/logs or https://otlp.example.com/v1/logs.")
    private String endpoint;

    @Default("protobuf")
    @JsonPropertyDescription("Request encoding: protobuf or json.")
    private Encoding encoding = Encoding.PROTOBUF;

    @Default("gzip")
    @JsonPropertyDescription("Request compression: gzip or none.")
    private Compression compression = Compression.GZIP;

    @Size(max = Bounds.DURATION_OR_QUANTITY)
    @Default("30s")
    @Pattern(GoDuration.PATTERN)
    @JsonPropertyDescription("Timeout of one export request, as a duration.")
    private String timeout = "30s";

    @Size(max = Bounds.HEADERS)
    @JsonPropertyDescription("HTTP headers sent with every request; values literal or from a Secret.")
    private List<HeaderSpec> headers = new ArrayList<>();

    @JsonPropertyDescription("TLS settings for https endpoints.")
    private TlsSpec tls;

    @JsonPropertyDescription("Retry of failed requests (429, 502, 503, 504 and connection errors only).")
    private RetrySpec retry = new RetrySpec();

    @JsonPropertyDescription("The in-memory queue of batches waiting to be sent to this backend.")
    private QueueSpec queue = new QueueSpec();

    /** OTLP/HTTP body encodings. */
    public enum Encoding {
        @JsonProperty("protobuf") PROTOBUF,
        @JsonProperty("json") JSON
    }

    /** OTLP/HTTP body compressions. */
    public enum Compression {
        @JsonProperty("gzip") GZIP,
        @JsonProperty("none") NONE
    }
}
