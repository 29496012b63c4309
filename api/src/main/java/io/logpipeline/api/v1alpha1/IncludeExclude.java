package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import lombok.AllArgsConstructor;
import lombok.Data;
import lombok.NoArgsConstructor;

/** An include list (empty means everything) and an exclude list that wins over it. */
@Data
@NoArgsConstructor
@AllArgsConstructor
@ValidationRule(value = "!has(self.include) || !has(self.exclude) || self.include.all(i, !(i in self.exclude))",
        message = "a value cannot be both included and excluded")
public class IncludeExclude {

    @Size(max = Bounds.INCLUDE_EXCLUDE_ITEMS)
    @JsonPropertyDescription("Values to include. Empty means all. Glob patterns (*, ?) are allowed.")
    private List<String> include = new ArrayList<>();

    @Size(max = Bounds.INCLUDE_EXCLUDE_ITEMS)
    @JsonPropertyDescription("Values to exclude; an excluded value is never read even when it is included. Glob patterns (*, ?) are allowed.")
    private List<String> exclude = new ArrayList<>();

    public static IncludeExclude of(List<String> include, List<String> exclude) {
        return new IncludeExclude(new ArrayList<>(include), new ArrayList<>(exclude));
    }
}
