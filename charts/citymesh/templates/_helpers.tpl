{{/* Chart name, or nameOverride. */}}
{{- define "citymesh.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Resource name prefix: <release>-citymesh, or the release name when it already says citymesh. */}}
{{- define "citymesh.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* chart label value: name-version. */}}
{{- define "citymesh.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels every resource carries. */}}
{{- define "citymesh.labels" -}}
helm.sh/chart: {{ include "citymesh.chart" . }}
{{ include "citymesh.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: citymesh
citymesh.io/city: {{ .Values.city.name | lower | regexReplaceAll "[^a-z0-9]+" "-" | trunc 63 | trimSuffix "-" | quote }}
{{- end }}

{{/* Labels that select this release's pods. */}}
{{- define "citymesh.selectorLabels" -}}
app.kubernetes.io/name: {{ include "citymesh.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels and selector labels of one component: (dict "root" $ "component" "twin"). */}}
{{- define "citymesh.componentLabels" -}}
{{ include "citymesh.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "citymesh.componentSelectorLabels" -}}
{{ include "citymesh.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Name of one component's resources: <fullname>-<component>. */}}
{{- define "citymesh.componentName" -}}
{{- printf "%s-%s" (include "citymesh.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Dapr app id of a service target: unique per release, so two cities can share a namespace. */}}
{{- define "citymesh.appId" -}}
{{- include "citymesh.componentName" . }}
{{- end }}

{{/* An image reference: (dict "root" $ "image" .Values.images.server). */}}
{{- define "citymesh.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) }}
{{- end }}

{{/* The twin's address inside the cluster, for the other targets and the scenario workers. */}}
{{- define "citymesh.twinUrl" -}}
{{- printf "http://%s.%s.svc:8080" (include "citymesh.componentName" (dict "root" . "component" "twin")) .Release.Namespace }}
{{- end }}

{{/* The twin read API (gRPC, h2c) that the other targets and scenario workers read the twin through. */}}
{{- define "citymesh.twinGrpcUrl" -}}
{{- printf "http://%s.%s.svc:8081" (include "citymesh.componentName" (dict "root" . "component" "twin")) .Release.Namespace }}
{{- end }}

{{/*
Transport's HTTP API (its Service's http port), where health asks transport's routing for emergency travel times
(POST /transport/routes, as service:health): health's CityMesh:TransportUrl, set only while transport is enabled.
*/}}
{{- define "citymesh.transportUrl" -}}
{{- printf "http://%s.%s.svc:8080/" (include "citymesh.componentName" (dict "root" . "component" "transport")) .Release.Namespace }}
{{- end }}

{{/* The service targets this release runs, in start order. */}}
{{- define "citymesh.enabledTargets" -}}
{{- range $target := list "twin" "governance" "transport" "health" "energy" "safety" }}
{{- if (get $.Values.services $target).enabled }}{{ $target }} {{ end }}
{{- end }}
{{- end }}

{{/* Pod security context of the restricted Pod Security Standard; 1654 is the .NET images' non-root "app" user. */}}
{{- define "citymesh.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1654
runAsGroup: 1654
fsGroup: 1654
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Container security context of the restricted Pod Security Standard, with a read-only root file system. */}}
{{- define "citymesh.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* imagePullSecrets, accepting names or {name: ...}. */}}
{{- define "citymesh.imagePullSecrets" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ if kindIs "string" . }}{{ . }}{{ else }}{{ .name }}{{ end }}
{{- end }}
{{- end }}
{{- end }}

{{/* Name of the Dapr pub/sub component the services publish to and subscribe from. */}}
{{- define "citymesh.pubsubName" -}}
{{- default (include "citymesh.componentName" (dict "root" . "component" "pubsub")) .Values.dapr.pubsubName }}
{{- end }}

{{/*
Dapr publishingScopes: each enabled target's app id and the topics its module publishes (CityMesh.Messaging.Topics):
its own events, and the dead letters (.dlq) of the topics it consumes. DaprTests checks them against the code.
health turns hospitals' FHIR reports into readings on telemetry.raw, announces capacity alerts on health.events,
proposes ambulance dispatches and diversions on actions.proposed, and consumes governance's decisions (actions.decided,
subscriber health-dispatch) and, where safety runs, its flood impacts (safety.events, subscriber health-flood), whose
dead letters it writes, as transport does. safety announces flood alerts on safety.events,
proposes road closures and evacuation orders on actions.proposed, and consumes governance's decisions on them
(actions.decided), whose dead letters it writes, as health does. energy announces grid violations on energy.events,
proposes relief on actions.proposed, and, where safety runs, consumes its flood impacts (safety.events, subscriber
energy-flood), whose dead letters it writes (governance's executed actions reach it through the twin).
*/}}
{{- define "citymesh.publishingScopes" -}}
{{- $publishes := dict
  "twin" (list "twin.changed" "telemetry.raw" "telemetry.raw.dlq" "twin.changed.dlq")
  "governance" (list "actions.decided" "actions.proposed.dlq")
  "transport" (list "transport.events" "actions.proposed" "twin.changed.dlq" "actions.decided.dlq")
  "health" (list "telemetry.raw" "health.events" "actions.proposed" "actions.decided.dlq")
  "energy" (list "energy.events" "actions.proposed")
  "safety" (list "safety.events" "actions.proposed" "actions.decided.dlq") }}
{{- $enabled := splitList " " (include "citymesh.enabledTargets" . | trim) }}
{{- $scopes := list }}
{{- range $target := $enabled }}
{{- $topics := get $publishes $target }}
{{- /* safety's flood impacts are consumed only where safety runs: no grant names it otherwise. */}}
{{- if and (has "safety" $enabled) (has $target (list "health" "energy")) }}
{{- $topics = append $topics "safety.events.dlq" }}
{{- end }}
{{- $scopes = append $scopes (printf "%s=%s" (include "citymesh.appId" (dict "root" $ "component" $target)) (join "," $topics)) }}
{{- end }}
{{- join ";" $scopes }}
{{- end }}

{{- /* Pod annotations a Prometheus that discovers pods reads: /metrics on the HTTP port (metrics.podAnnotations). */}}
{{- define "citymesh.scrapeAnnotations" -}}
{{- if .Values.metrics.podAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/port: "8080"
prometheus.io/path: /metrics
{{- end }}
{{- end }}

{{- /* OTLP export of traces, metrics and logs, when metrics.otlpEndpoint names a collector. */}}
{{- define "citymesh.otlpEnv" -}}
{{- with .Values.metrics.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- end }}
