// Package quotes defines the quote tags that turns use to cite the hidden
// context, and verifies them.
//
// Debaters write <quote>…</quote>. Before a judge reads a turn, each quote is
// looked up in the hidden context (Found: as written, or but for case,
// white space, typographic quote marks and dashes) and rewritten as
// <v_quote>…</v_quote> (found) or <u_quote>…</u_quote> (not found), the
// convention of Khan et al. 2024, so that the judge can tell a real quotation
// from an invented one without seeing the context.
package quotes
