package k8s

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// job is the part of a batch/v1 Job the test reads.
type job struct {
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		CompletionMode string `yaml:"completionMode"`
		Completions    *int   `yaml:"completions"`
		Parallelism    *int   `yaml:"parallelism"`
		Template       struct {
			Spec struct {
				Containers []struct {
					Command []string `yaml:"command"`
					Args    []string `yaml:"args"`
					Env     []struct {
						Name      string `yaml:"name"`
						ValueFrom struct {
							SecretKeyRef *struct {
								Name string `yaml:"name"`
								Key  string `yaml:"key"`
							} `yaml:"secretKeyRef"`
							FieldRef *struct {
								FieldPath string `yaml:"fieldPath"`
							} `yaml:"fieldRef"`
						} `yaml:"valueFrom"`
					} `yaml:"env"`
					VolumeMounts []struct {
						Name      string `yaml:"name"`
						MountPath string `yaml:"mountPath"`
					} `yaml:"volumeMounts"`
				} `yaml:"containers"`
				Volumes []struct {
					Name                  string `yaml:"name"`
					PersistentVolumeClaim *struct {
						ClaimName string `yaml:"claimName"`
					} `yaml:"persistentVolumeClaim"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

func readJobs(t *testing.T, path string) []job {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	var jobs []job
	for {
		var j job
		err := dec.Decode(&j)
		if errors.Is(err, io.EOF) {
			return jobs
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if j.Kind == "Job" {
			jobs = append(jobs, j)
		}
	}
}

func TestShardsJobIsIndexedAndWired(t *testing.T) {
	jobs := readJobs(t, "moot-shards.yaml")
	if len(jobs) != 1 {
		t.Fatalf("moot-shards.yaml has %d Jobs; want 1", len(jobs))
	}
	j := jobs[0]
	if j.Spec.CompletionMode != "Indexed" {
		t.Errorf("completionMode %q; want Indexed", j.Spec.CompletionMode)
	}
	if j.Spec.Completions == nil || j.Spec.Parallelism == nil {
		t.Fatal("completions or parallelism unset")
	}
	n := *j.Spec.Completions
	if *j.Spec.Parallelism != n {
		t.Errorf("parallelism %d; want completions' %d (one pod a shard)", *j.Spec.Parallelism, n)
	}
	c := j.Spec.Template.Spec.Containers[0]
	if len(c.Args) < 2 || c.Args[0] != "run" {
		t.Fatalf("args %q; want moot run", c.Args)
	}
	i := slices.Index(c.Args, "--shard")
	if want := fmt.Sprintf("k8s/%d", n); i < 0 || i+1 >= len(c.Args) || c.Args[i+1] != want {
		t.Errorf("args %q; want --shard %s, matching completions", c.Args, want)
	}
	o := slices.Index(c.Args, "--out")
	if o < 0 || o+1 >= len(c.Args) || !strings.Contains(c.Args[o+1], "$(JOB_COMPLETION_INDEX)") {
		t.Errorf("args %q; want --out per shard, by $(JOB_COMPLETION_INDEX)", c.Args)
	}
	var key, index bool
	for _, e := range c.Env {
		if r := e.ValueFrom.SecretKeyRef; r != nil && e.Name == "OPENAI_API_KEY" && r.Name != "" && r.Key != "" {
			key = true
		}
		if r := e.ValueFrom.FieldRef; r != nil && e.Name == "JOB_COMPLETION_INDEX" && strings.Contains(r.FieldPath, "batch.kubernetes.io/job-completion-index") {
			index = true
		}
	}
	if !key {
		t.Error("no OPENAI_API_KEY from a Secret (secretKeyRef) in the env")
	}
	if !index {
		t.Error("JOB_COMPLETION_INDEX not defined from the completion-index annotation, so $(JOB_COMPLETION_INDEX) would not expand")
	}
	claim := claimOf(t, j, "/results")

	merges := readJobs(t, "moot-merge.yaml")
	if len(merges) != 1 {
		t.Fatalf("moot-merge.yaml has %d Jobs; want 1", len(merges))
	}
	m := merges[0]
	if got := claimOf(t, m, "/results"); got != claim {
		t.Errorf("merge mounts claim %q at /results; the shards write to %q", got, claim)
	}
	script := strings.Join(m.Spec.Template.Spec.Containers[0].Args, " ")
	for k := range n {
		if !strings.Contains(script, fmt.Sprintf("/results/shards/%d ", k)) && !strings.HasSuffix(script, fmt.Sprintf("/results/shards/%d", k)) {
			t.Errorf("merge %q does not read shard folder /results/shards/%d", script, k)
		}
	}
	if strings.Contains(script, fmt.Sprintf("/results/shards/%d ", n)) || !strings.Contains(script, "moot merge ") || !strings.Contains(script, "moot cache merge ") {
		t.Errorf("merge %q; want moot merge of the %d shard folders and moot cache merge", script, n)
	}
}

// claimOf returns the claim the job's container mounts at path.
func claimOf(t *testing.T, j job, path string) string {
	t.Helper()
	spec := j.Spec.Template.Spec
	for _, vm := range spec.Containers[0].VolumeMounts {
		if vm.MountPath != path {
			continue
		}
		for _, v := range spec.Volumes {
			if v.Name == vm.Name && v.PersistentVolumeClaim != nil {
				return v.PersistentVolumeClaim.ClaimName
			}
		}
	}
	t.Fatalf("job %s mounts no claim at %s", j.Metadata.Name, path)
	return ""
}
