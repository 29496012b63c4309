package io.logpipeline.packaging.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.logpipeline.packaging.RepositoryFiles;
import io.logpipeline.packaging.docker.Dockerfile.Instruction;
import io.logpipeline.packaging.docker.Dockerfile.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;

/** What can be checked of the two Dockerfiles without a Docker engine. */
class DockerfileTest {

  /** Each image: its Dockerfile, the Maven module it builds and the build output it ships. */
  enum Image {
    OPERATOR("Dockerfile.operator", "operator", "operator/target/quarkus-app/", "quarkus-run.jar"),
    COLLECTOR("Dockerfile.collector", "collector", "collector/target/logpipeline-collector.jar", null);

    final String dockerfile;
    final String module;
    /** Repository-relative path the build produces and the image copies. */
    final String buildOutput;
    /** For a copied directory, the jar inside it that the entrypoint starts. */
    final String jarInDirectory;

    Image(String dockerfile, String module, String buildOutput, String jarInDirectory) {
      this.dockerfile = dockerfile;
      this.module = module;
      this.buildOutput = buildOutput;
      this.jarInDirectory = jarInDirectory;
    }

    Dockerfile read() throws IOException {
      return Dockerfile.read(RepositoryFiles.root().resolve(dockerfile));
    }
  }

  @ParameterizedTest
  @EnumSource(Image.class)
  void baseImagesArePinnedToTemurinJava17(Image image) throws IOException {
    // given
    Dockerfile dockerfile = image.read();

    // when
    List<Stage> stages = dockerfile.stages();

    // then: a JDK to build, the matching JRE to run, never an unpinned or floating tag
    assertThat(stages).hasSize(2);
    assertThat(stages).allSatisfy(stage -> {
      assertThat(stage.repository()).isEqualTo("eclipse-temurin");
      assertThat(stage.tag()).matches("17-(jdk|jre)(-[a-z0-9]+)?");
    });
    assertThat(stages.get(0).tag()).startsWith("17-jdk");
    assertThat(dockerfile.finalStage().tag()).startsWith("17-jre");
  }

  @ParameterizedTest
  @EnumSource(Image.class)
  void buildStageRunsTheMavenWrapperForTheImagesModule(Image image) throws IOException {
    // given
    Stage build = image.read().stage("build");

    // when
    List<String> commands = build.all("RUN").stream().map(Instruction::arguments).toList();

    // then
    assertThat(commands).anySatisfy(command -> assertThat(command)
        .contains("./mvnw").contains("-B").contains("-pl " + image.module).contains("-am").contains("package"));
  }

  @ParameterizedTest
  @EnumSource(Image.class)
  void finalStageHoldsOnlyTheBuildOutput(Image image) throws IOException {
    // given
    Dockerfile dockerfile = image.read();
    Stage build = dockerfile.stage("build");
    Stage runtime = dockerfile.finalStage();

    // when
    List<Instruction> copies = runtime.all("COPY");

    // then: one COPY from the build stage of exactly the module's output, and no RUN layer
    assertThat(runtime.all("RUN")).isEmpty();
    assertThat(runtime.all("ADD")).isEmpty();
    assertThat(copies).singleElement().satisfies(copy -> {
      assertThat(copy.option("from")).contains("build");
      assertThat(copy.operands().get(0)).isEqualTo(build.workdir() + "/" + image.buildOutput);
    });
  }

  @ParameterizedTest
  @EnumSource(Image.class)
  void runsAsANonRootUser(Image image) throws IOException {
    // given
    Stage runtime = image.read().finalStage();

    // when
    String user = runtime.last("USER").map(Instruction::arguments).orElse("");

    // then: numeric, so Kubernetes' runAsNonRoot can verify it without /etc/passwd
    assertThat(user).matches("10001(:\\d+)?");
  }

  @ParameterizedTest
  @EnumSource(Image.class)
  void entrypointStartsTheCopiedJarWithContainerMemoryFlags(Image image) throws IOException {
    // given
    Stage runtime = image.read().finalStage();
    Instruction copy = runtime.all("COPY").get(0);
    String destination = copy.operands().get(copy.operands().size() - 1);

    // when
    List<String> entrypoint = runtime.last("ENTRYPOINT").orElseThrow().execForm();
    String jar = entrypoint.get(entrypoint.indexOf("-jar") + 1);

    // then
    assertThat(entrypoint.get(0)).isEqualTo("java");
    assertThat(entrypoint).anySatisfy(flag -> assertThat(flag).matches("-XX:MaxRAMPercentage=\\d+"));
    assertThat(entrypoint).contains("-XX:+ExitOnOutOfMemoryError");
    if (image.jarInDirectory != null) {
      assertThat(destination).endsWith("/");
      assertThat(jar).isEqualTo(destination + image.jarInDirectory);
    } else {
      assertThat(jar).isEqualTo(destination);
      assertThat(Path.of(jar).getFileName()).isEqualTo(Path.of(image.buildOutput).getFileName());
    }
  }

  @ParameterizedTest
  @EnumSource(Image.class)
  void ociLabelsDescribeTheImageAndItsVersion(Image image) throws IOException {
    // given
    Stage runtime = image.read().finalStage();

    // when
    String labels = String.join(" ", runtime.all("LABEL").stream().map(Instruction::arguments).toList());
    List<String> args = runtime.all("ARG").stream().map(Instruction::arguments).toList();

    // then: the version label defaults to the project's release version
    assertThat(labels).contains("org.opencontainers.image.title=\"logpipeline-" + image.module + "\"",
        "org.opencontainers.image.description=", "org.opencontainers.image.version=\"${VERSION}\"");
    assertThat(args).contains("VERSION=" + RepositoryFiles.releaseVersion());
  }

  @ParameterizedTest
  @EnumSource(Image.class)
  void theImageTheBuildWritesWithJibHasTheDockerfilesEntrypointCommandEnvironmentPortsAndFiles(Image image) throws Exception {
    // given: the final stage of the Dockerfile, and the images profile of the module's pom (-Pimages)
    Stage runtime = image.read().finalStage();
    JibConfiguration jib = JibConfiguration.read(RepositoryFiles.root().resolve(image.module + "/pom.xml"));
    Instruction copy = runtime.all("COPY").get(0);
    String destination = copy.operands().get(copy.operands().size() - 1);

    // when
    List<String> entrypoint = jib.texts("container/entrypoint/arg");
    List<String> into = jib.texts("extraDirectories/paths/path/into");
    List<String> includes = jib.texts("extraDirectories/paths/path/includes");

    // then: the same JVM, flags and jar, the same arguments, environment and ports
    assertThat(entrypoint).isEqualTo(runtime.last("ENTRYPOINT").orElseThrow().execForm());
    assertThat(jib.texts("container/args/arg"))
        .isEqualTo(runtime.last("CMD").map(Instruction::execForm).orElse(List.of()));
    assertThat(jib.environment()).isEqualTo(runtime.all("ENV").stream().map(Instruction::arguments).toList());
    assertThat(jib.texts("container/ports/port"))
        .isEqualTo(runtime.all("EXPOSE").stream().map(Instruction::arguments).toList());
    // and the build output where the Dockerfile copies it
    assertThat(into).hasSize(1);
    assertThat(includes.isEmpty() ? into.get(0) + "/" : into.get(0) + "/" + includes.get(0)).isEqualTo(destination);
  }

  @Test
  void bothJibImagesRunAsTheDockerfilesUser() throws Exception {
    // given: the user is set once, in the parent pom's images profile
    JibConfiguration parent = JibConfiguration.read(RepositoryFiles.root().resolve("pom.xml"));

    // when
    List<String> user = parent.texts("container/user");

    // then
    for (Image image : Image.values()) {
      assertThat(user).containsExactly(image.read().finalStage().last("USER").orElseThrow().arguments());
    }
  }

  @Test
  void collectorImageCopiesTheJarTheCollectorBuildProduces() throws Exception {
    // given: the collector module's shade configuration, and its jar (built earlier in the reactor)
    Path root = RepositoryFiles.root();
    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(root.resolve("collector/pom.xml").toFile());
    String finalName = XPathFactory.newInstance().newXPath().evaluate(
        "//*[local-name()='plugin'][*[local-name()='artifactId']='maven-shade-plugin']"
            + "//*[local-name()='finalName']", pom);

    // when
    Path jar = root.resolve(Image.COLLECTOR.buildOutput);

    // then
    assertThat("collector/target/" + finalName + ".jar").isEqualTo(Image.COLLECTOR.buildOutput);
    assertThat(jar).isRegularFile();
    try (JarFile file = new JarFile(jar.toFile())) {
      assertThat(file.getManifest().getMainAttributes().getValue("Main-Class")).isNotBlank();
    }
  }

  @Test
  void collectorImageNeedsNoWritableFilesystemAndRunsSmall() throws IOException {
    // given
    Stage runtime = Image.COLLECTOR.read().finalStage();

    // when
    List<String> entrypoint = runtime.last("ENTRYPOINT").orElseThrow().execForm();
    List<String> command = runtime.last("CMD").orElseThrow().execForm();

    // then: no hsperfdata file (read-only root), serial GC, the DaemonSet's config path by default
    assertThat(entrypoint).contains("-XX:-UsePerfData", "-XX:+UseSerialGC");
    assertThat(entrypoint).anySatisfy(flag -> assertThat(flag).matches("-Xss\\d+k"));
    // and the footprint measured in docs/benchmarks.md: a young generation sized for records in
    // flight, the heap given back after bursts, freed native memory returned, few malloc arenas
    assertThat(entrypoint).anySatisfy(flag -> assertThat(flag).matches("-Xmn\\d+m"));
    assertThat(entrypoint).contains("-XX:MaxHeapFreeRatio=40", "-XX:TrimNativeHeapInterval=5000");
    assertThat(runtime.all("ENV")).extracting(Instruction::arguments).contains("MALLOC_ARENA_MAX=2");
    assertThat(command).containsExactly("--config", "/etc/logpipeline/collector.json");
    assertThat(runtime.all("VOLUME")).isEmpty();
    assertThat(runtime.all("EXPOSE")).extracting(Instruction::arguments).containsExactly("12345");
  }

  @Test
  void operatorRunsSmallAndLeavesHalfTheMemoryLimitToWhatIsNotHeap() throws IOException {
    // given
    Stage runtime = Image.OPERATOR.read().finalStage();

    // when
    List<String> entrypoint = runtime.last("ENTRYPOINT").orElseThrow().execForm();

    // then: ~220 MiB beside the heap at 200 pipelines (docs/benchmarks.md), so at most half of a 512Mi limit is heap
    assertThat(entrypoint).contains("-XX:MaxRAMPercentage=50");
    // and C1 only: C2 cost more CPU than the reconciles at 200 pipelines
    assertThat(entrypoint).contains("-XX:TieredStopAtLevel=1");
    assertThat(runtime.all("ENV")).extracting(Instruction::arguments).contains("MALLOC_ARENA_MAX=2");
  }

  @Test
  void operatorModuleIsAQuarkusBuild() throws IOException {
    // given: the operator module, once it exists in the reactor
    Path pom = RepositoryFiles.root().resolve("operator/pom.xml");
    assumeTrue(Files.isRegularFile(pom), "operator module not present on this branch");

    // when
    String text = Files.readString(pom);

    // then: quarkus-maven-plugin's default fast-jar layout is target/quarkus-app/quarkus-run.jar
    assertThat(text).contains("quarkus-maven-plugin");
    assertThat(text).doesNotContain("uber-jar").doesNotContain("<quarkus.package.jar.type>");
  }

  @Test
  void dockerignoreKeepsBuildOutputOutAndBuildInputsIn() throws IOException {
    // given
    List<String> patterns = Files.readAllLines(RepositoryFiles.root().resolve(".dockerignore")).stream()
        .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();

    // when / then: stale target/ directories never reach the context; the wrapper and poms do
    assertThat(patterns).contains("**/target", ".git");
    assertThat(patterns).doesNotContain("mvnw", ".mvn", "pom.xml", "*.xml", "operator", "collector", "api");
  }
}
