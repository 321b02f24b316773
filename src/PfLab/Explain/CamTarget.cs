using System.Globalization;

namespace PfLab.Explain;

/// <summary>Which class's score is explained: each image's prediction, its true label, or one fixed class.</summary>
public sealed record CamTarget
{
    public enum Kinds { Predicted, True, Class }

    public Kinds Kind { get; }
    /// <summary>The class for <see cref="Kinds.Class"/>; -1 otherwise.</summary>
    public int ClassIndex { get; }

    CamTarget(Kinds kind, int classIndex) { Kind = kind; ClassIndex = classIndex; }

    public static CamTarget Predicted { get; } = new(Kinds.Predicted, -1);
    public static CamTarget True { get; } = new(Kinds.True, -1);
    public static CamTarget Class(int index) =>
        index >= 0 ? new(Kinds.Class, index) : throw new UserError($"--target {index}: a class index must be 0 or more");

    public static CamTarget Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t is "predicted" or "pred") return Predicted;
        if (t is "true" or "label") return True;
        if (int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out int c)) return Class(c);
        throw new UserError($"--target '{text}' is not known; use predicted, true, or a class index such as 3");
    }

    public override string ToString() => Kind switch
    {
        Kinds.Predicted => "predicted",
        Kinds.True => "true",
        _ => ClassIndex.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The class per image; <paramref name="predicted"/> comes from the logits, <paramref name="labels"/> from the data.</summary>
    public long[] Resolve(long[] predicted, IReadOnlyList<int>? labels, int numClasses)
    {
        switch (Kind)
        {
            case Kinds.Predicted: return predicted;
            case Kinds.True:
                if (labels is null) throw new UserError("--target true needs labelled images (--data); an --images folder has no labels, use --target predicted or a class index");
                if (labels.Count != predicted.Length) throw new ArgumentException($"{labels.Count} labels for {predicted.Length} images");
                return labels.Select(l => (long)l).ToArray();
            default:
                if (ClassIndex >= numClasses) throw new UserError($"--target {ClassIndex}: the model has {numClasses} classes (0..{numClasses - 1})");
                return Enumerable.Repeat((long)ClassIndex, predicted.Length).ToArray();
        }
    }
}
