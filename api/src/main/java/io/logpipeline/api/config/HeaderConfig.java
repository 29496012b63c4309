package io.logpipeline.api.config;

import lombok.AllArgsConstructor;
import lombok.Data;
import lombok.NoArgsConstructor;

/** One HTTP header of an exporter: a name and where its value comes from. */
@Data
@NoArgsConstructor
@AllArgsConstructor
public class HeaderConfig {

    private String name;

    private ValueSource value;
}
