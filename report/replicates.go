package report

import (
	"bytes"
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/mootlab/moot/analysis"
)

// Link is a link of a page: a replicate's own report, or the replicated
// run's page that a replicate's links up to.
type Link struct {
	Text, Href string
}

var replicatesTemplate = template.Must(template.Must(template.New("replicates").Funcs(template.FuncMap{
	"pct":       func(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) },
	"pp":        func(x float64) string { return fmt.Sprintf("%.1f", 100*x) },
	"signd":     analysis.Points,
	"ci":        analysis.ReplicateCIText,
	"style":     func() template.CSS { return template.CSS(pageStyle) },
	"thousands": thousands,
	"usd":       usd,
	"join":      strings.Join,
	"long":      long,
	"shardNote": analysis.ShardNote,
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>moot: {{.Sum.Experiment}} — replicates</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>{{style}}</style></head>
<body><main>
<h1>{{.Sum.Experiment}}: {{.R.Heading}}</h1>
<dl class="facts">
<div><dt>Seeds</dt><dd>{{len .R.Played}}</dd></div>
<div><dt>Episodes</dt><dd>{{thousands .Sum.Episodes}}</dd></div>
<div><dt>Failed</dt><dd>{{thousands .Sum.Failed}}</dd></div>
{{- with .Sum.Usage.Total}}{{template "usage-facts" .}}{{end}}
</dl>
{{with .Sum.Partial}}<p class="partial" role="alert"><strong>Partial run:</strong> {{.}}. The tables cover the seeds played, and the episodes each finished.</p>{{end}}
{{- if .Sum.Shard}}{{with shardNote .Sum}}
<p class="partial" role="note"><strong>{{.Head}}</strong> {{.Rest}}</p>
{{- end}}{{end}}
{{- range .Sum.Warnings}}
<p class="partial warning" role="alert"><strong>Warning:</strong> {{.Message}}</p>
{{- end}}
<p>{{.Note}}</p>
<h2>Judge accuracy across seeds</h2>
<div class="scroll"><table><thead><tr><th>Protocol</th>{{if .Cells}}<th>Cell</th>{{end}}<th>Task</th><th>Judge</th><th class="num">Seeds</th><th class="num">Mean</th><th class="num">SD</th><th class="num">Range</th><th class="num">95% CI</th><th class="num">n</th></tr></thead><tbody>
{{range .R.Cells}}<tr><td{{if long .Protocol}} class="long"{{end}}>{{.Protocol}}</td>{{if $.Cells}}<td{{if long .Cell}} class="long"{{end}}>{{.Cell}}</td>{{end}}<td{{if long .Task}} class="long"{{end}}>{{.Task}}</td><td{{if long .JudgeText}} class="long"{{end}}>{{.JudgeText}}</td><td class="num">{{.Replicates}}</td><td class="num">{{pct .Mean}}</td><td class="num">{{if gt .Replicates 1}}{{pp .SD}}{{else}}n/a{{end}}</td><td class="num">{{pp .Min}}–{{pp .Max}}</td><td class="num">{{ci .CILow .CIHigh .CIMethod false}}</td><td class="num">{{.N}}</td></tr>
{{end}}</tbody></table></div>
{{if .R.Comparisons}}<h2>Paired comparisons across seeds</h2>
<div class="scroll"><table><thead><tr><th>Task</th><th>Judge</th><th>A</th><th>B</th><th class="num">Seeds</th><th class="num">Δ B−A</th><th class="num">SD</th><th class="num">95% CI</th><th class="num">p</th><th class="num">p Holm</th><th class="num">CI above 0</th><th class="num">CI below 0</th></tr></thead><tbody>
{{range .R.Comparisons}}<tr><td{{if long .A.Task}} class="long"{{end}}>{{.A.Task}}</td><td{{if long .A.Judge}} class="long"{{end}}>{{.A.Judge}}</td><td{{if long (print .A.Protocol " " .A.Cell)}} class="long"{{end}}>{{.A.Protocol}} {{.A.Cell}}{{$.R.Mark .A}}</td><td{{if long (print .B.Protocol " " .B.Cell)}} class="long"{{end}}>{{.B.Protocol}} {{.B.Cell}}{{$.R.Mark .B}}</td><td class="num">{{.Replicates}}</td><td class="num">{{signd .Mean}}</td><td class="num">{{if gt .Replicates 1}}{{pp .SD}}{{else}}n/a{{end}}</td><td class="num">{{ci .CILow .CIHigh .CIMethod true}}</td><td class="num">{{.PValueText}}</td><td class="num">{{.PHolmText}}</td><td class="num">{{.Higher}} of {{.Replicates}}</td><td class="num">{{.Lower}} of {{.Replicates}}</td></tr>
{{end}}</tbody></table></div>{{end}}
{{range .Judging}}{{template "section-table" .}}{{end}}
{{- if .Sweep}}<h2>Along the sweep, across seeds</h2>
{{range .Sweep}}<figure class="plot sweep-plot" id="{{.ID}}" data-axis="{{.Axis}}">{{.SVG}}<figcaption>Judge accuracy at each value of the swept setting {{.Axis}}{{with .Task}} on task {{.}}{{end}}, pooled over the other swept settings in each seed: the mean over the seeds, bars its 95% interval (chosen as the table's cells' are: at a value only one seed has, that seed's own), one line a protocol.{{with .Contrasts}} From the first value to the last, paired by question in each seed: {{join . "; "}}.{{end}}</figcaption></figure>
{{end}}{{end}}
{{if .R.Elo}}<h2>Debater Elo across seeds</h2>
<div class="scroll"><table><thead><tr><th>Player</th><th class="num">Seeds</th><th class="num">Elo</th><th class="num">SD</th><th class="num">95% CI</th>{{if .Groups}}<th class="num">Group</th>{{end}}</tr></thead><tbody>
{{range .R.Elo}}<tr><td{{if long .Player}} class="long"{{end}}>{{.Player}}</td><td class="num">{{.Replicates}}</td><td class="num">{{printf "%.0f" .Mean}}</td><td class="num">{{if gt .Replicates 1}}{{printf "%.0f" .SD}}{{else}}n/a{{end}}</td><td class="num">{{.CIText}}</td>{{if $.Groups}}<td class="num">{{if .Group}}{{.Group}}{{end}}</td>{{end}}</tr>
{{end}}</tbody></table></div>{{end}}
{{if .Phase}}<h2>Phase maps</h2>
{{range .Phase}}<figure id="{{.ID}}">{{.SVG}}<figcaption>{{.Caption}}</figcaption></figure>
{{end}}{{end}}{{range .Usage}}{{template "section-table" .}}{{end}}<h2>Each replicate</h2>
<ul>{{range .Links}}<li><a href="{{.Href}}">{{.Text}}</a></li>{{end}}</ul>
</main></body></html>
{{- define "section-table"}}<h2 id="{{.ID}}">{{.Title}}</h2>
{{with .Note}}<p>{{.}}</p>
{{end}}<div class="scroll"><table>{{$from := .NumericFrom}}<thead><tr>{{range $i, $h := .Header}}<th{{if ge $i $from}} class="num"{{end}}>{{$h}}</th>{{end}}</tr></thead><tbody>
{{range .Rows}}<tr>{{range $i, $v := .}}<td{{if ge $i $from}} class="num"{{else if long $v}} class="long"{{end}}>{{$v}}</td>{{end}}</tr>
{{end}}</tbody></table></div>
{{end}}`)).ParseFS(templateFiles, "templates/usage.html"))

// Replicates renders the page of a replicated run: the replicate section
// of its summary, its phase maps (analysis.PhaseMaps) and a link to each
// replicate's own report.
func Replicates(sum analysis.Summary, links []Link) ([]byte, error) {
	if sum.Replicates == nil {
		return nil, fmt.Errorf("report: %s is not a replicated run", sum.Experiment)
	}
	phase, err := phaseFigures(sum)
	if err != nil {
		return nil, err
	}
	r := sum.Replicates
	sweep, err := replicateSweepPlots(r.Sweep)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = replicatesTemplate.Execute(&buf, struct {
		Sum   analysis.Summary
		R     *analysis.ReplicateSummary
		Note  string
		Phase []figure
		Sweep []sweepPlot
		// Judging are a judge study's figures across the seeds
		// (analysis.ReplicateJudgingTables), which the note describes.
		Judging []section
		// Usage is what every seed's calls cost together.
		Usage []section
		Links []Link
		// Cells and Groups say whether a column of them would hold
		// anything: a sweep's cells, players that never met.
		Cells, Groups bool
	}{sum, r, analysis.ReplicateNote(r), phase, sweep, replicateJudging(r), replicateUsage(sum.Usage), links,
		slices.ContainsFunc(r.Cells, func(c analysis.ReplicateCell) bool { return c.Cell != "" }),
		slices.ContainsFunc(r.Elo, func(e analysis.ReplicateRating) bool { return e.Group != 0 })})
	return buf.Bytes(), err
}

// replicateUsage is the usage tables of a replicated run, every seed's
// calls together, each when it has rows.
func replicateUsage(u analysis.UsageSummary) []section {
	var out []section
	for _, s := range []section{
		usageSection("usage-by-protocol", "Usage by protocol, all seeds", "Protocol", u.ByProtocol),
		usageSection("usage-by-agent", "Usage by agent, all seeds", "Agent", u.ByAgent),
	} {
		if len(s.Rows) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// replicateJudging is the judge-study tables of a replicated run as the
// page's sections.
func replicateJudging(r *analysis.ReplicateSummary) []section {
	var out []section
	for _, t := range analysis.ReplicateJudgingTables(r) {
		out = append(out, section{ID: t.ID, Title: t.Title, Header: t.Header, Rows: t.Rows, NumericFrom: t.NumericFrom})
	}
	return out
}
