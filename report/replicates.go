package report

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/mootlab/moot/analysis"
)

// Link is a link of a page: a replicate's own report.
type Link struct {
	Text, Href string
}

var replicatesTemplate = template.Must(template.New("replicates").Funcs(template.FuncMap{
	"pct":   func(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) },
	"pp":    func(x float64) string { return fmt.Sprintf("%.1f", 100*x) },
	"signd": func(x float64) string { return fmt.Sprintf("%+.1f", 100*x) },
	"ci":    analysis.ReplicateCIText,
	"style": func() template.CSS { return template.CSS(pageStyle) },
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>moot: {{.Sum.Experiment}} — replicates</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>{{style}}</style></head>
<body><main>
<h1>{{.Sum.Experiment}}: {{len .R.Seeds}} replicates</h1>
{{with .Sum.Partial}}<p class="partial" role="alert"><strong>Partial run:</strong> {{.}}. The tables cover the seeds played, and the episodes each finished.</p>{{end}}
<p>{{.Note}}</p>
<h2>Judge accuracy across seeds</h2>
<table><thead><tr><th>Protocol</th><th>Cell</th><th>Task</th><th>Judge</th><th>Seeds</th><th>Mean</th><th>SD</th><th>Range</th><th>95% CI</th><th>n</th></tr></thead><tbody>
{{range .R.Cells}}<tr><td>{{.Protocol}}</td><td>{{.Cell}}</td><td>{{.Task}}</td><td>{{.JudgeText}}</td><td>{{.Replicates}}</td><td>{{pct .Mean}}</td><td>{{pp .SD}}</td><td>{{pp .Min}}–{{pp .Max}}</td><td>{{ci .CILow .CIHigh .CIMethod false}}</td><td>{{.N}}</td></tr>
{{end}}</tbody></table>
{{if .R.Comparisons}}<h2>Paired comparisons across seeds</h2>
<table><thead><tr><th>Task</th><th>Judge</th><th>A</th><th>B</th><th>Seeds</th><th>Δ B−A</th><th>SD</th><th>95% CI</th><th>CI above 0</th><th>CI below 0</th></tr></thead><tbody>
{{range .R.Comparisons}}<tr><td>{{.A.Task}}</td><td>{{.A.Judge}}</td><td>{{.A.Protocol}} {{.A.Cell}}{{$.R.Mark .A}}</td><td>{{.B.Protocol}} {{.B.Cell}}{{$.R.Mark .B}}</td><td>{{.Replicates}}</td><td>{{signd .Mean}}</td><td>{{pp .SD}}</td><td>{{ci .CILow .CIHigh .CIMethod true}}</td><td>{{.Higher}} of {{.Replicates}}</td><td>{{.Lower}} of {{.Replicates}}</td></tr>
{{end}}</tbody></table>{{end}}
{{if .R.Elo}}<h2>Debater Elo across seeds</h2>
<table><thead><tr><th>Player</th><th>Seeds</th><th>Elo</th><th>SD</th><th>95% CI</th><th>Group</th></tr></thead><tbody>
{{range .R.Elo}}<tr><td>{{.Player}}</td><td>{{.Replicates}}</td><td>{{printf "%.0f" .Mean}}</td><td>{{printf "%.0f" .SD}}</td><td>{{.CIText}}</td><td>{{if .Group}}{{.Group}}{{end}}</td></tr>
{{end}}</tbody></table>{{end}}
{{if .Phase}}<h2>Phase maps</h2>
{{range .Phase}}<figure id="{{.ID}}">{{.SVG}}<figcaption>{{.Caption}}</figcaption></figure>
{{end}}{{end}}<h2>Each replicate</h2>
<ul>{{range .Links}}<li><a href="{{.Href}}">{{.Text}}</a></li>{{end}}</ul>
</main></body></html>
`))

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
	var buf bytes.Buffer
	err = replicatesTemplate.Execute(&buf, struct {
		Sum   analysis.Summary
		R     *analysis.ReplicateSummary
		Note  string
		Phase []figure
		Links []Link
	}{sum, sum.Replicates, analysis.ReplicateNote(sum.Replicates), phase, links})
	return buf.Bytes(), err
}
