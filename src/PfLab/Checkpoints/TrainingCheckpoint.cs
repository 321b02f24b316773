using System.Text;
using System.Text.Json;
using PfLab.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PfLab.Checkpoints;

/// <summary>
/// What every resumable training checkpoint holds besides the trainer's tensors: its optimizers' states in a
/// fixed order, the torch generator, and the trainer's own state as JSON in the header. The trainer and the
/// search differ only in their tensors, their state type and what they check in it.
/// </summary>
public static class TrainingCheckpoint
{
    /// <summary>How a refusal names what cannot be resumed, e.g. ("training", "trainer", "remove it or start without --resume").</summary>
    public sealed record Wording(string Resumes, string StateName, string WeightsOnlyFix);

    public static void Save(string path, CheckpointMeta meta, IReadOnlyDictionary<string, Tensor> tensors, params OptimizerHelper[] optimizers)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
            foreach (var optimizer in optimizers) optimizer.save_state_dict(w);
        using var rng = torch.random.get_rng_state();
        CheckpointFile.Save(path, meta, tensors, ms.ToArray(), rng);
    }

    /// <summary>
    /// Continues from <paramref name="path"/>: refuses a weights-only checkpoint, an unreadable state, a state that
    /// <paramref name="check"/> rejects and a network other than <paramref name="spec"/>; then hands the tensors to
    /// <paramref name="load"/> and restores the optimizers (in the order saved) and the generator.
    /// </summary>
    public static TState Restore<TState>(string path, ModelSpec? spec, Wording wording, Func<string, TState> parseState, Action<TState> check,
        Action<IReadOnlyDictionary<string, Tensor>> load, params OptimizerHelper[] optimizers)
    {
        using var ck = CheckpointFile.Load(path);
        if (ck.Meta.TrainerStateJson is null || ck.OptimizerState is null)
            throw new UserError($"checkpoint '{path}' holds weights only and cannot resume {wording.Resumes}; {wording.WeightsOnlyFix}");
        TState state;
        try { state = parseState(ck.Meta.TrainerStateJson); }
        catch (JsonException e) { throw new UserError($"checkpoint '{path}' has an unreadable {wording.StateName} state; remove it to start fresh", e); }
        check(state);
        if (spec is not null) ck.Meta.RequireModel(path, spec);
        load(ck.ModelState);
        using (var r = new BinaryReader(new MemoryStream(ck.OptimizerState)))
            foreach (var optimizer in optimizers) optimizer.load_state_dict(r);
        if (ck.RngState is not null) torch.random.set_rng_state(ck.RngState);
        return state;
    }
}
