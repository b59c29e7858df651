package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/cache"
)

// k8sJob is the part of a batch/v1 Job the tests read.
type k8sJob struct {
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

// readJobs reads the Jobs of the manifest at path.
func readJobs(t *testing.T, path string) []k8sJob {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	var jobs []k8sJob
	for {
		var j k8sJob
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

// TestShardsJobIsIndexedAndWired: the shards Job is Indexed, one pod a
// shard, each writing its own folder with the key from a Secret, and the
// merge Job reads every shard's folder from the same volume.
func TestShardsJobIsIndexedAndWired(t *testing.T) {
	jobs := readJobs(t, "../../deploy/k8s/moot-shards.yaml")
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
	for _, flag := range []string{"--out", "--cache"} {
		o := slices.Index(c.Args, flag)
		if o < 0 || o+1 >= len(c.Args) || !strings.Contains(c.Args[o+1], "$(JOB_COMPLETION_INDEX)") {
			t.Errorf("args %q; want %s per shard, by $(JOB_COMPLETION_INDEX)", c.Args, flag)
		}
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

	merges := readJobs(t, "../../deploy/k8s/moot-merge.yaml")
	if len(merges) != 1 {
		t.Fatalf("moot-merge.yaml has %d Jobs; want 1", len(merges))
	}
	m := merges[0]
	if got := claimOf(t, m, "/results"); got != claim {
		t.Errorf("merge mounts claim %q at /results; the shards write to %q", got, claim)
	}
	script := strings.Join(m.Spec.Template.Spec.Containers[0].Args, " ")
	if !strings.Contains(script, "moot merge ") || !strings.Contains(script, "moot cache merge ") {
		t.Errorf("merge %q; want moot merge and moot cache merge", script)
	}
	want := make([]int, n)
	for k := range want {
		want[k] = k
	}
	for _, dir := range []string{"/results/shards/", "/results/cache/"} {
		if got := foldersNamed(script, dir); !slices.Equal(got, want) {
			t.Errorf("merge %q names %sK for K in %v; want K in %v, one a shard (completions: %d)", script, dir, got, want, n)
		}
	}
}

// foldersNamed returns the K of the folders dirK (dir0, dir1…) that the
// merge script names.
func foldersNamed(script, dir string) []int {
	var named []int
	for k := range 256 {
		name := fmt.Sprintf("%s%d", dir, k)
		if strings.HasSuffix(script, name) || strings.Contains(script, name+" ") || strings.Contains(script, name+";") {
			named = append(named, k)
		}
	}
	return named
}

// claimOf returns the claim the job's container mounts at path.
func claimOf(t *testing.T, j k8sJob, path string) string {
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

// TestK8sManifestsRun plays deploy/k8s's Jobs here, as their pods would:
// each shard's moot run with its completion index, then the merge Job's
// shell script, the volume's and the ConfigMap's paths moved into a
// folder of the test. With sim agents alone no shard writes a response
// cache, and the merge still succeeds; where some shards wrote one, it
// joins those.
func TestK8sManifestsRun(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	root := t.TempDir()
	bin := filepath.Join(root, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(os.Args[0], filepath.Join(bin, "moot")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "experiment"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(root, "experiment", "experiment.yaml"), mustRead(t, small))
	moved := strings.NewReplacer("/results", filepath.Join(root, "results"), "/experiment/", filepath.Join(root, "experiment")+"/")
	env := append(os.Environ(), "MOOT_TEST_MAIN=1", "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))

	shards := readJobs(t, "../../deploy/k8s/moot-shards.yaml")[0]
	for i := range *shards.Spec.Completions {
		var args []string
		for _, a := range shards.Spec.Template.Spec.Containers[0].Args {
			args = append(args, moved.Replace(strings.ReplaceAll(a, "$(JOB_COMPLETION_INDEX)", strconv.Itoa(i))))
		}
		cmd := exec.Command(filepath.Join(bin, "moot"), args...)
		cmd.Env = append(env, "JOB_COMPLETION_INDEX="+strconv.Itoa(i))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("shard %d: moot %q: %v\n%s", i, args, err, out)
		}
	}
	merge := readJobs(t, "../../deploy/k8s/moot-merge.yaml")[0].Spec.Template.Spec.Containers[0]
	if len(merge.Command) != 2 || merge.Command[0] != "sh" || merge.Command[1] != "-c" || len(merge.Args) != 1 {
		t.Fatalf("merge Job: command %q, args %q; want sh -c and one script", merge.Command, merge.Args)
	}
	script := moved.Replace(merge.Args[0])
	playMerge := func() string {
		t.Helper()
		cmd := exec.Command("sh", "-c", script)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("merge script: %v\n%s\n%s", err, script, out)
		}
		if _, err := os.Stat(filepath.Join(root, "results", "run", "summary.json")); err != nil {
			t.Fatalf("merge script made no run: %v\n%s", err, out)
		}
		return string(out)
	}
	if out := playMerge(); !strings.Contains(out, "nothing to merge") {
		t.Errorf("merge of shards with no cache: %s; want it to say there is nothing to merge", out)
	}
	// Two shards that wrote a cache: those two are joined.
	if err := os.RemoveAll(filepath.Join(root, "results", "run")); err != nil {
		t.Fatal(err)
	}
	for _, i := range []string{"1", "3"} {
		cacheHolding(t, filepath.Join(root, "results", "cache", i))
	}
	playMerge()
	if _, err := os.Stat(filepath.Join(root, "results", "cache", "all", cache.FileName)); err != nil {
		t.Errorf("merge of two shards' caches: %v", err)
	}
}
