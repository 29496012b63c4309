package io.logpipeline.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.logpipeline.api.v1alpha1.OtlpSpec;
import io.logpipeline.api.v1alpha1.QueueSpec;
import io.logpipeline.api.v1alpha1.RetrySpec;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** One resolved LogBackend: an OTLP/HTTP endpoint with credentials as references, never values. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExporterConfig {

    /** Name of the LogBackend; the {@code backend} label of every metric. */
    private String name;

    private String endpoint;

    private OtlpSpec.Encoding encoding = OtlpSpec.Encoding.PROTOBUF;

    private OtlpSpec.Compression compression = OtlpSpec.Compression.GZIP;

    /** Request timeout, as a Go duration. */
    private String timeout = "30s";

    private List<HeaderConfig> headers = new ArrayList<>();

    private TlsConfig tls;

    private RetrySpec retry = new RetrySpec();

    private QueueSpec queue = new QueueSpec();
}
