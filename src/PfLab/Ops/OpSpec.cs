using System.Text;

namespace PfLab.Ops;

/// <summary>
/// One spatial operation as written in a study file: <c>maxpool(k=3)</c>, <c>conv(k=3,s=2)</c>, or a chain
/// such as <c>avgpool(k=2)+conv(k=3)</c> (the R50-hybrid down-sampler). Stride is usually left out and
/// comes from the block's position; in a chain the block's stride goes to the first step.
/// </summary>
public sealed record OpSpec(IReadOnlyList<OpStep> Steps)
{
    public static OpSpec Parse(string text) => OpGrammar.Parse(text);

    public OpSpec(OpStep single) : this([single]) { }

    public bool IsChain => Steps.Count > 1;

    public override string ToString() => string.Join("+", Steps);

    public bool Equals(OpSpec? other) => other is not null && ToString() == other.ToString();
    public override int GetHashCode() => ToString().GetHashCode();
}

/// <summary>One step of an op: a registered name and its integer arguments (k = kernel, s = stride).</summary>
public sealed record OpStep(string Name, IReadOnlyDictionary<string, int> Args)
{
    public int? Arg(string key) => Args.TryGetValue(key, out var v) ? v : null;

    public override string ToString()
    {
        if (Args.Count == 0) return Name;
        var sb = new StringBuilder(Name).Append('(');
        sb.AppendJoin(",", Args.OrderBy(a => ArgOrder(a.Key)).Select(a => $"{a.Key}={a.Value}"));
        return sb.Append(')').ToString();
    }

    static int ArgOrder(string key) => key switch { "k" => 0, "s" => 1, _ => 2 };

    public bool Equals(OpStep? other) => other is not null && ToString() == other.ToString();
    public override int GetHashCode() => ToString().GetHashCode();
}
