package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a parser does with a record it cannot parse. */
public enum OnError {
    /** Pass the record on unchanged (counted). */
    @JsonProperty("send") SEND,
    /** Drop the record (counted). */
    @JsonProperty("drop") DROP
}
