{{/* Chart name, or nameOverride: the app.kubernetes.io/name label and the default full name's suffix. */}}
{{- define "logpipeline-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Full name of the release's objects (Deployment, ServiceAccount, ClusterRoles, Roles, bindings, monitors,
the test Pod), or fullnameOverride. A release named like the chart (the usual `helm install
logpipeline-operator ...`) is not repeated twice. Not derived from it: the node-agent DaemonSet
logpipeline-collector and the Lease logpipeline-operator-lease, which the operator names itself, and the
agent's ServiceAccount, which has its own value (collector.serviceAccount.name).
*/}}
{{- define "logpipeline-operator.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "logpipeline-operator.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
The operator's Service, <fullname>-metrics. A Service name is a DNS label of at most 63 characters, so the
full name is shortened to leave room for the suffix.
*/}}
{{- define "logpipeline-operator.serviceName" -}}
{{- printf "%s-metrics" (include "logpipeline-operator.fullname" . | trunc 55 | trimSuffix "-") -}}
{{- end -}}

{{- define "logpipeline-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that select the operator pods; they never change across upgrades. */}}
{{- define "logpipeline-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "logpipeline-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The standard labels on every object, plus the user's commonLabels. */}}
{{- define "logpipeline-operator.labels" -}}
{{ include "logpipeline-operator.selectorLabels" . }}
app.kubernetes.io/component: operator
{{ include "logpipeline-operator.releaseLabels" . }}
{{- end -}}

{{/* The labels that are not selectors: chart, version, part-of, managed-by and the user's commonLabels. */}}
{{- define "logpipeline-operator.releaseLabels" -}}
helm.sh/chart: {{ include "logpipeline-operator.chart" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: logpipeline
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "logpipeline-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "logpipeline-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name: set the name of an existing ServiceAccount when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* repository:tag of the operator image; the tag defaults to the chart's appVersion. */}}
{{- define "logpipeline-operator.operatorImage" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* repository:tag of the default collector image; the tag defaults to the chart's appVersion. */}}
{{- define "logpipeline-operator.collectorImage" -}}
{{- printf "%s:%s" .Values.collector.image.repository (default .Chart.AppVersion .Values.collector.image.tag) -}}
{{- end -}}

{{/* "true" when more than one operator pod runs: then they roll one by one (each waits for the Lease). */}}
{{- define "logpipeline-operator.severalReplicas" -}}
{{- if gt (int .Values.replicaCount) 1 -}}true{{- else -}}false{{- end -}}
{{- end -}}

{{/* The Lease name is fixed in the operator's code; the Role below may touch only this one. */}}
{{- define "logpipeline-operator.leaseName" -}}
logpipeline-operator-lease
{{- end -}}

{{/* The node agent's ServiceAccount: created by the chart unless collector.serviceAccount.create is false. */}}
{{- define "logpipeline-operator.collectorServiceAccountName" -}}
{{- if .Values.collector.serviceAccount.create -}}
{{- default "logpipeline-collector" .Values.collector.serviceAccount.name -}}
{{- else -}}
{{- required "collector.serviceAccount.name: set the name of an existing ServiceAccount when collector.serviceAccount.create is false" .Values.collector.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Labels of the node-agent pods, as the operator renders them (the PodMonitor selects on them). */}}
{{- define "logpipeline-operator.collectorSelectorLabels" -}}
app.kubernetes.io/name: logpipeline-collector
app.kubernetes.io/part-of: logpipeline
{{- end -}}
