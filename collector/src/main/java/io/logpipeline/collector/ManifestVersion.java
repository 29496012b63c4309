package io.logpipeline.collector;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the Implementation-Version the build writes into the collector jar's manifest. */
public final class ManifestVersion implements IVersionProvider {

    /** The collector's version, or a sentence saying why it is unknown (classes not run from the built jar). */
    public static String version() {
        String version = ManifestVersion.class.getPackage().getImplementationVersion();
        return version != null ? version : "unknown (not started from the built logpipeline-collector.jar)";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"logpipeline-collector " + version()};
    }
}
