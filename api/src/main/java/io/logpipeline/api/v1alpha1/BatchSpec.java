package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.logpipeline.api.units.GoDuration;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** How records are grouped into export requests. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.sendBatchMaxSize) || self.sendBatchMaxSize == 0 || !has(self.sendBatchSize) || self.sendBatchMaxSize >= self.sendBatchSize",
        message = "sendBatchMaxSize must be 0 (no limit) or at least sendBatchSize")
public class BatchSpec {

    @Default("1024")
    @Min(1)
    @JsonPropertyDescription("A batch is sent as soon as it holds this many records.")
    private Integer sendBatchSize = 1024;

    @Default("2048")
    @Min(0)
    @JsonPropertyDescription("No request carries more records than this; 0 means no limit.")
    private Integer sendBatchMaxSize = 2048;

    @Size(max = Bounds.DURATION_OR_QUANTITY)
    @Default("5s")
    @Pattern(GoDuration.PATTERN)
    @JsonPropertyDescription("A non-empty batch is sent at the latest this long after its first record, as a duration.")
    private String timeout = "5s";

    @Size(max = Bounds.SMALL_LIST)
    @JsonPropertyDescription("Records are batched separately per distinct combination of these resource attribute values.")
    private List<String> metadataKeys = new ArrayList<>();

    @Default("1000")
    @Min(1)
    @JsonPropertyDescription("Most distinct metadataKeys combinations batched separately; further combinations share one batch and are counted.")
    private Integer metadataCardinalityLimit = 1000;
}
