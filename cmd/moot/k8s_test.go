package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/cache"
)

// k8sJob is the part of a manifest's Job that TestK8sManifestsRun plays.
type k8sJob struct {
	Kind string `yaml:"kind"`
	Spec struct {
		Completions int `yaml:"completions"`
		Template    struct {
			Spec struct {
				Containers []struct {
					Command []string `yaml:"command"`
					Args    []string `yaml:"args"`
				} `yaml:"containers"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

// k8sJobOf reads the Job of the manifest at path.
func k8sJobOf(t *testing.T, path string) k8sJob {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	for {
		var j k8sJob
		if err := dec.Decode(&j); err != nil {
			t.Fatalf("%s: no Job: %v", path, err)
		}
		if j.Kind == "Job" {
			return j
		}
	}
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
	if err := os.WriteFile(filepath.Join(root, "experiment", "experiment.yaml"), mustRead(t, small), 0o644); err != nil {
		t.Fatal(err)
	}
	moved := strings.NewReplacer("/results", filepath.Join(root, "results"), "/experiment/", filepath.Join(root, "experiment")+"/")
	env := append(os.Environ(), "MOOT_TEST_MAIN=1", "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))

	shards := k8sJobOf(t, "../../deploy/k8s/moot-shards.yaml")
	for i := range shards.Spec.Completions {
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
	merge := k8sJobOf(t, "../../deploy/k8s/moot-merge.yaml").Spec.Template.Spec.Containers[0]
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
		s, err := cache.Open(filepath.Join(root, "results", "cache", i))
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	playMerge()
	if _, err := os.Stat(filepath.Join(root, "results", "cache", "all", cache.FileName)); err != nil {
		t.Errorf("merge of two shards' caches: %v", err)
	}
}
