// chart-render renders a Helm chart the way `helm template` does, so the chart can be checked on machines without
// Helm (CI here has none). It uses the same parts Helm's engine uses: Go's text/template, the sprig function
// library, Helm's own template functions (include, tpl, required, toYaml, fromYaml, toJson, fromJson, lookup), the
// same values coalescing (later files win, maps merge, null deletes a key) and values.schema.json validation with
// gojsonschema, as Helm 3 before 3.18 did. It is stricter than Helm in one way: a missing map key is an error, so a
// misspelt .Values path fails instead of rendering empty.
//
// .Files supports Get (a file of the chart, outside templates/, as text) only. Not supported (the chart does not use
// them): the rest of .Files, .Capabilities.APIVersions.Has, subcharts, --set.
//
//	chart-render [--name R] [--namespace N] [--include-crds] [--notes] [--json] [-f values.yaml ...] CHART_DIR
//
// Manifests go to stdout as a YAML stream, each headed `# Source: <chart>/<path>`, or with --json as one JSON object
// {"manifests": [{"source": ..., "object": {...}}], "notes": "..."} for tests to read; errors to stderr, exit 1.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/ioutil"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"github.com/ghodss/yaml"
	"github.com/xeipuuv/gojsonschema"
)

type valueFiles []string

func (v *valueFiles) String() string     { return strings.Join(*v, ",") }
func (v *valueFiles) Set(s string) error { *v = append(*v, s); return nil }

func main() {
	var files valueFiles
	name := flag.String("name", "release-name", "release name (.Release.Name)")
	namespace := flag.String("namespace", "default", "release namespace (.Release.Namespace)")
	includeCrds := flag.Bool("include-crds", false, "also print the files under crds/")
	notes := flag.Bool("notes", false, "also print the rendered NOTES.txt, after a line '--- NOTES'")
	asJSON := flag.Bool("json", false, "print one JSON object with the parsed manifests and the notes")
	flag.Var(&files, "f", "values file, may be repeated; later files win")
	flag.Parse()
	if flag.NArg() != 1 {
		fail(errors.New("usage: chart-render [--name R] [--namespace N] [--include-crds] [--notes] [-f values.yaml ...] CHART_DIR"))
	}
	out, err := render(flag.Arg(0), *name, *namespace, files, *includeCrds, *notes || *asJSON)
	if err != nil {
		fail(err)
	}
	if *asJSON {
		if out, err = toJSON(out); err != nil {
			fail(err)
		}
	}
	os.Stdout.WriteString(out)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "Error:", err)
	os.Exit(1)
}

func render(chartDir, release, namespace string, files []string, includeCrds, notes bool) (string, error) {
	chart, err := readYaml(filepath.Join(chartDir, "Chart.yaml"))
	if err != nil {
		return "", err
	}
	if chart["apiVersion"] != "v2" {
		return "", fmt.Errorf("Chart.yaml: apiVersion must be v2, got %v", chart["apiVersion"])
	}
	chartName, _ := chart["name"].(string)
	if chartName == "" {
		return "", errors.New("Chart.yaml: name is required")
	}

	values, err := readYaml(filepath.Join(chartDir, "values.yaml"))
	if err != nil {
		return "", err
	}
	for _, f := range files {
		override, err := readYaml(f)
		if err != nil {
			return "", err
		}
		values = coalesce(override, values)
	}
	if err := validateSchema(chartDir, values); err != nil {
		return "", err
	}

	top := map[string]interface{}{
		"Values": values,
		"Release": map[string]interface{}{
			"Name": release, "Namespace": namespace, "Service": "Helm", "Revision": 1, "IsInstall": true, "IsUpgrade": false,
		},
		"Chart":        chartObject(chart),
		"Files":        chartFiles{dir: chartDir},
		"Capabilities": map[string]interface{}{"KubeVersion": map[string]interface{}{"Version": "v1.31.0", "Major": "1", "Minor": "31"}},
	}

	templates, err := templateFiles(filepath.Join(chartDir, "templates"))
	if err != nil {
		return "", err
	}
	set := template.New("chart")
	set.Option("missingkey=error")
	set.Funcs(funcMap(set))
	for _, path := range templates {
		text, err := ioutil.ReadFile(filepath.Join(chartDir, "templates", path))
		if err != nil {
			return "", err
		}
		if _, err := set.New(chartName + "/templates/" + path).Parse(string(text)); err != nil {
			return "", err
		}
	}

	var out strings.Builder
	if includeCrds {
		crds, _ := filepath.Glob(filepath.Join(chartDir, "crds", "*.yaml"))
		sort.Strings(crds)
		for _, crd := range crds {
			text, err := ioutil.ReadFile(crd)
			if err != nil {
				return "", err
			}
			fmt.Fprintf(&out, "---\n# Source: %s/crds/%s\n%s\n", chartName, filepath.Base(crd), strings.TrimSpace(string(text)))
		}
	}
	var notesText string
	for _, path := range templates {
		base := filepath.Base(path)
		if strings.HasPrefix(base, "_") {
			continue
		}
		full := chartName + "/templates/" + path
		var buf bytes.Buffer
		data := withTemplate(top, full, chartName)
		if err := set.ExecuteTemplate(&buf, full, data); err != nil {
			return "", err
		}
		rendered := strings.ReplaceAll(buf.String(), "<no value>", "")
		if base == "NOTES.txt" {
			notesText = rendered
			continue
		}
		if strings.TrimSpace(rendered) == "" {
			continue
		}
		// Check each document parses, as Helm does before it sends anything to the cluster.
		for i, doc := range strings.Split(rendered, "\n---") {
			var parsed interface{}
			if err := yaml.Unmarshal([]byte(doc), &parsed); err != nil {
				return "", fmt.Errorf("%s: document %d is not valid YAML: %v\n%s", full, i, err, doc)
			}
		}
		fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", full, strings.TrimSpace(rendered))
	}
	if notes {
		fmt.Fprintf(&out, "--- NOTES\n%s\n", strings.TrimSpace(notesText))
	}
	return out.String(), nil
}

// chartFiles is .Files: Get returns a chart file's text, or "" when there is none, as Helm's does. Paths leaving the
// chart, and templates (which Helm does not expose as files), are refused with "".
type chartFiles struct{ dir string }

func (f chartFiles) Get(name string) string {
	clean := filepath.Clean(name)
	if filepath.IsAbs(clean) || strings.HasPrefix(clean, "..") || strings.HasPrefix(clean, "templates"+string(filepath.Separator)) {
		return ""
	}
	text, err := ioutil.ReadFile(filepath.Join(f.dir, clean))
	if err != nil {
		return ""
	}
	return string(text)
}

func chartObject(chart map[string]interface{}) map[string]interface{} {
	// Helm exposes Chart.yaml's fields with capitalised names (.Chart.Name, .Chart.AppVersion, ...).
	object := map[string]interface{}{"Name": "", "Version": "", "AppVersion": "", "Description": "", "Type": "application"}
	for key, value := range chart {
		object[strings.ToUpper(key[:1])+key[1:]] = value
	}
	return object
}

func withTemplate(top map[string]interface{}, name, chartName string) map[string]interface{} {
	data := make(map[string]interface{}, len(top)+1)
	for k, v := range top {
		data[k] = v
	}
	data["Template"] = map[string]interface{}{"Name": name, "BasePath": chartName + "/templates"}
	return data
}

func templateFiles(dir string) ([]string, error) {
	var paths []string
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		paths = append(paths, filepath.ToSlash(rel))
		return nil
	})
	sort.Strings(paths)
	return paths, err
}

func readYaml(path string) (map[string]interface{}, error) {
	text, err := ioutil.ReadFile(path)
	if err != nil {
		return nil, err
	}
	values := map[string]interface{}{}
	if err := yaml.Unmarshal(text, &values); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return values, nil
}

// coalesce merges src over dst as Helm does for values files: maps merge key by key, anything else replaces, and an
// explicit null removes the key.
func coalesce(src, dst map[string]interface{}) map[string]interface{} {
	out := make(map[string]interface{}, len(dst))
	for k, v := range dst {
		out[k] = v
	}
	for k, v := range src {
		if v == nil {
			delete(out, k)
			continue
		}
		srcMap, srcIsMap := v.(map[string]interface{})
		dstMap, dstIsMap := out[k].(map[string]interface{})
		if srcIsMap && dstIsMap {
			out[k] = coalesce(srcMap, dstMap)
		} else {
			out[k] = v
		}
	}
	return out
}

func validateSchema(chartDir string, values map[string]interface{}) error {
	schema, err := ioutil.ReadFile(filepath.Join(chartDir, "values.schema.json"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	document, err := json.Marshal(values)
	if err != nil {
		return err
	}
	result, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewBytesLoader(document))
	if err != nil {
		return fmt.Errorf("values.schema.json: %v", err)
	}
	if result.Valid() {
		return nil
	}
	var msg strings.Builder
	msg.WriteString("values don't meet the specifications of the schema(s) in the following chart(s):\n")
	for _, e := range result.Errors() {
		fmt.Fprintf(&msg, "- %s\n", e)
	}
	return errors.New(strings.TrimSpace(msg.String()))
}

func funcMap(set *template.Template) template.FuncMap {
	funcs := sprig.TxtFuncMap()
	// Helm removes these two: a chart must not read the environment of whoever renders it.
	delete(funcs, "env")
	delete(funcs, "expandenv")
	funcs["toYaml"] = func(v interface{}) string {
		data, err := yaml.Marshal(v)
		if err != nil {
			return ""
		}
		return strings.TrimSuffix(string(data), "\n")
	}
	funcs["fromYaml"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := yaml.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	funcs["toJson"] = func(v interface{}) string {
		data, err := json.Marshal(v)
		if err != nil {
			return ""
		}
		return string(data)
	}
	funcs["fromJson"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	funcs["include"] = func(name string, data interface{}) (string, error) {
		var buf bytes.Buffer
		err := set.ExecuteTemplate(&buf, name, data)
		return buf.String(), err
	}
	funcs["tpl"] = func(text string, data interface{}) (string, error) {
		t, err := set.Clone()
		if err != nil {
			return "", err
		}
		if _, err := t.New("tpl").Parse(text); err != nil {
			return "", err
		}
		var buf bytes.Buffer
		err = t.ExecuteTemplate(&buf, "tpl", data)
		return buf.String(), err
	}
	funcs["required"] = func(message string, value interface{}) (interface{}, error) {
		if value == nil {
			return nil, errors.New(message)
		}
		if s, ok := value.(string); ok && s == "" {
			return nil, errors.New(message)
		}
		return value, nil
	}
	// Like `helm template`, which has no cluster to look in: nothing is found.
	funcs["lookup"] = func(apiVersion, kind, namespace, name string) (map[string]interface{}, error) {
		return map[string]interface{}{}, nil
	}
	return funcs
}

// toJSON turns the YAML stream render writes into {"manifests": [{"source", "object"}], "notes"}.
func toJSON(stream string) (string, error) {
	type manifest struct {
		Source string      `json:"source"`
		Object interface{} `json:"object"`
	}
	result := struct {
		Manifests []manifest `json:"manifests"`
		Notes     string     `json:"notes"`
	}{Manifests: []manifest{}}
	if i := strings.Index(stream, "--- NOTES\n"); i >= 0 {
		result.Notes = strings.TrimSpace(stream[i+len("--- NOTES\n"):])
		stream = stream[:i]
	}
	source := ""
	for _, doc := range strings.Split(stream, "\n---") {
		doc = strings.TrimPrefix(strings.TrimSpace(doc), "---")
		if strings.HasPrefix(strings.TrimSpace(doc), "# Source: ") {
			line := strings.SplitN(strings.TrimSpace(doc), "\n", 2)[0]
			source = strings.TrimPrefix(line, "# Source: ")
		}
		var object interface{}
		if err := yaml.Unmarshal([]byte(doc), &object); err != nil {
			return "", fmt.Errorf("%s: %v", source, err)
		}
		if object == nil {
			continue
		}
		result.Manifests = append(result.Manifests, manifest{source, object})
	}
	data, err := json.Marshal(result)
	return string(data), err
}
