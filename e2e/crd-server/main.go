// crdserver: the upstream standalone apiextensions-apiserver (k8s.io/apiextensions-apiserver
// main.go + pkg/cmd/server), with two changes that make it usable by kubectl on its own:
//
// 1. Root discovery (/apis) is re-enabled.
// Upstream apiextensions-apiserver Config.Complete() forces GenericConfig.EnableDiscovery=false
// because inside kube-apiserver the aggregator serves /apis. Standalone, /apis is then a 404 and
// kubectl cannot discover any group ("couldn't get current server API group list"). With
// EnableDiscovery=true the generic server serves /apis (legacy + aggregated discovery v2);
// the director routes exactly "/apis" to it and "/apis/<group>..." still to the CRD handler.
//
// 2. An OpenAPI v2 config is set (as upstream's pkg/cmd/server/testing/testserver.go does).
// Upstream options.Config() only sets OpenAPIV3Config; without a v2 config StaticOpenAPISpec stays
// nil and the CRD OpenAPI controllers (v2 and v3) never run, so CR schemas are not published and
// kubectl's client-side validation fails with "failed to download openapi".
package main

import (
	"os"

	"github.com/spf13/cobra"

	extensionsapiserver "k8s.io/apiextensions-apiserver/pkg/apiserver"
	"k8s.io/apiextensions-apiserver/pkg/cmd/server/options"
	generatedopenapi "k8s.io/apiextensions-apiserver/pkg/generated/openapi"
	openapinamer "k8s.io/apiserver/pkg/endpoints/openapi"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/util/openapi"
	"k8s.io/component-base/cli"
)

func main() {
	ctx := genericapiserver.SetupSignalContext()
	o := options.NewCustomResourceDefinitionsServerOptions(os.Stdout, os.Stderr)

	cmd := &cobra.Command{
		Use:   "crdserver",
		Short: "Standalone API extensions (CRD) API server with root discovery enabled",
		PersistentPreRunE: func(*cobra.Command, []string) error {
			return o.ServerRunOptions.ComponentGlobalsRegistry.Set()
		},
		RunE: func(c *cobra.Command, args []string) error {
			if err := o.Complete(); err != nil {
				return err
			}
			if err := o.Validate(); err != nil {
				return err
			}
			config, err := o.Config()
			if err != nil {
				return err
			}
			// change 2: OpenAPI v2 config (enables the CRD OpenAPI v2+v3 publishing controllers)
			config.GenericConfig.OpenAPIConfig = genericapiserver.DefaultOpenAPIConfig(
				openapi.GetOpenAPIDefinitionsWithoutDisabledFeatures(generatedopenapi.GetOpenAPIDefinitions),
				openapinamer.NewDefinitionNamer(extensionsapiserver.Scheme))
			completed := config.Complete()
			completed.GenericConfig.EnableDiscovery = true // change 1: serve /apis
			server, err := completed.New(genericapiserver.NewEmptyDelegate())
			if err != nil {
				return err
			}
			return server.GenericAPIServer.PrepareRun().RunWithContext(c.Context())
		},
	}
	cmd.SetContext(ctx)
	o.AddFlags(cmd.Flags())
	os.Exit(cli.Run(cmd))
}
