namespace PfLab.Studies.Yaml;

/// <summary>
/// Mistakes a YAML parser reports far from where they were made, found before parsing and reported at the
/// mistake itself: a tab in the indentation, and a flow collection (<c>{</c>, <c>[</c>) or quoted scalar
/// left open (the parser only notices at the end of the file or at the next key). It is conservative: a
/// multi-line flow collection or quote is fine as long as its lines stay indented deeper than its key.
/// </summary>
public static class YamlLayout
{
    public static void Check(string path, string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var open = new Stack<(char Bracket, int Line, int Column)>();
        (char Quote, int Line, int Column)? quote = null;
        int openerIndent = 0;
        int? blockScalarIndent = null;
        for (int n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            int indent = line.Length - line.TrimStart(' ').Length;
            bool blank = line.Trim().Length == 0 || line.TrimStart().StartsWith('#');
            if (blockScalarIndent is int parent)
            {
                if (blank || indent > parent) continue;
                blockScalarIndent = null;
            }
            if (indent < line.Length && line[indent] == '\t' && open.Count == 0 && quote is null)
                throw new UserError($"{path}:{n + 1}:{indent + 1}: malformed YAML: a tab in the indentation (YAML indents with spaces only; replace the tab with spaces)");
            bool closesHere = indent < line.Length && line[indent] is '}' or ']';
            if (!blank && indent <= openerIndent && (open.Count > 0 && !closesHere || quote is not null))
                throw Unclosed(path, open, quote);
            bool scalarStart = true;
            for (int c = 0; c < line.Length; c++)
            {
                char ch = line[c];
                if (quote is { } q)
                {
                    if (q.Quote == '\'' && ch == '\'' && c + 1 < line.Length && line[c + 1] == '\'') { c++; continue; }
                    if (q.Quote == '"' && ch == '\\') { c++; continue; }
                    if (ch == q.Quote) { quote = null; scalarStart = false; }
                    continue;
                }
                if (ch == '#' && (c == 0 || line[c - 1] is ' ' or '\t')) break;
                if (ch is ' ' or '\t') continue;
                if (scalarStart && ch is '"' or '\'')
                {
                    if (open.Count == 0) openerIndent = indent;
                    quote = (ch, n + 1, c + 1);
                    continue;
                }
                if (ch is '{' or '[' && (scalarStart || open.Count > 0))
                {
                    if (open.Count == 0) openerIndent = indent;
                    open.Push((ch, n + 1, c + 1));
                    scalarStart = true;
                    continue;
                }
                if (ch is '}' or ']' && open.Count > 0)
                {
                    var top = open.Pop();
                    char expected = top.Bracket == '{' ? '}' : ']';
                    if (ch != expected)
                        throw new UserError($"{path}:{n + 1}:{c + 1}: malformed YAML: '{ch}' closes the '{top.Bracket}' opened at line {top.Line}, column {top.Column} (close it with '{expected}')");
                    scalarStart = false;
                    continue;
                }
                bool indicator = ch == ',' && open.Count > 0
                    || ch == ':' && (c + 1 == line.Length || line[c + 1] is ' ' || open.Count > 0 && line[c + 1] is ',' or '}' or ']')
                    || ch == '-' && scalarStart && (c + 1 == line.Length || line[c + 1] == ' ');
                if (indicator)
                {
                    scalarStart = true;
                    if (ch == ':' && open.Count == 0 && IsBlockScalarHeader(line[(c + 1)..])) { blockScalarIndent = indent; break; }
                    continue;
                }
                scalarStart = false;
            }
        }
        if (open.Count > 0 || quote is not null) throw Unclosed(path, open, quote);
    }

    static bool IsBlockScalarHeader(string rest)
    {
        var header = rest.Split('#')[0].Trim();
        return header.Length > 0 && header[0] is '|' or '>' && header[1..].All(ch => ch is '+' or '-' || char.IsAsciiDigit(ch));
    }

    static UserError Unclosed(string path, Stack<(char Bracket, int Line, int Column)> open, (char Quote, int Line, int Column)? quote)
    {
        if (quote is { } q)
            return new UserError($"{path}:{q.Line}:{q.Column}: malformed YAML: the quote {q.Quote} opened here is never closed (end the value with {q.Quote})");
        var outer = open.Last();
        char close = outer.Bracket == '{' ? '}' : ']';
        return new UserError($"{path}:{outer.Line}:{outer.Column}: malformed YAML: the '{outer.Bracket}' opened here is never closed (add '{close}' where the {(outer.Bracket == '{' ? "mapping" : "list")} ends)");
    }
}
