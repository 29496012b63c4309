package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import lombok.Data;

/** Takes the record's timestamp from a parsed field. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TimestampSpec {

    @Size(max = Bounds.ATTRIBUTE)
    @Required
    @JsonPropertyDescription("Field holding the time, e.g. attributes.timestamp.")
    private String parseFrom;

    @Default("gotime")
    @JsonPropertyDescription("How layout is written: gotime (Go reference time), strptime (%Y-%m-%d ...) or epoch.")
    private LayoutType layoutType = LayoutType.GOTIME;

    @Size(max = Bounds.TIME_LAYOUT)
    @Required
    @JsonPropertyDescription("The time layout, e.g. 2006-01-02T15:04:05.999999999Z07:00 (gotime), %Y-%m-%dT%H:%M:%S%z (strptime), or s, ms, us, ns (epoch).")
    private String layout;

    /** The notation of a timestamp layout. */
    public enum LayoutType {
        @JsonProperty("gotime") GOTIME,
        @JsonProperty("strptime") STRPTIME,
        @JsonProperty("epoch") EPOCH
    }
}
