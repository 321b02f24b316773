using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PfLab.Models;
using PfLab.Models.Counting;

namespace PfLab.Cli.Commands;

/// <summary>`pflab models` lists every registered model with its size; `pflab models show NAME` prints its blocks.</summary>
static class ModelsCommand
{
    public static Command Build()
    {
        var input = new Option<int>("--input") { Description = "input side in pixels", DefaultValueFactory = _ => 224 };
        var classes = new Option<int>("--classes") { Description = "number of classes", DefaultValueFactory = _ => 1000 };
        var format = new Option<string>("--format") { Description = "table, csv or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var command = new Command("models", "List every registered model with params and GMACs") { input, classes, format };
        command.SetAction(r => List(r.GetValue(input), r.GetValue(classes), r.GetValue(format)!));

        var name = new Argument<string>("name") { Description = "a model name from `pflab models`" };
        var show = new Command("show", "Print a model's per-block op table and per-layer counts") { name, input, classes };
        show.SetAction(r => Show(r.GetValue(name)!, r.GetValue(input), r.GetValue(classes)));
        command.Subcommands.Add(show);
        return command;
    }

    static ModelOverrides Overrides(ModelSpec spec, int input, int classes) => new()
    {
        ImageSize = input, NumClasses = classes, InChannels = spec.InChannels,
        SmallInput = input <= 64,
    };

    static (ModelSpec spec, ModelCount count) Measure(string name, int input, int classes)
    {
        var spec = ModelZoo.Spec(name);
        spec = Overrides(spec, input, classes).ApplyTo(spec);
        using var model = ModelZoo.Build(spec);
        return (spec, ModelCounter.Count(model, spec.InChannels, input));
    }

    static void List(int input, int classes, string format)
    {
        var rows = ModelZoo.All.Select(e => (e, Measure(e.Name, input, classes).count)).ToList();
        var inv = CultureInfo.InvariantCulture;
        switch (format)
        {
            case "csv":
                Console.WriteLine("model,params,gmacs,attention_gmacs,pool_gops,description");
                foreach (var (e, c) in rows)
                    Console.WriteLine(string.Join(",", e.Name, c.Params, (c.Macs / 1e9).ToString("F4", inv), (c.AttentionMacs / 1e9).ToString("F4", inv), (c.PoolOps / 1e9).ToString("F4", inv), $"\"{e.Description}\""));
                break;
            case "json":
                Console.WriteLine(JsonSerializer.Serialize(rows.Select(r => new
                {
                    model = r.e.Name, @params = r.count.Params, gmacs = r.count.Macs / 1e9, attention_gmacs = r.count.AttentionMacs / 1e9,
                    pool_gops = r.count.PoolOps / 1e9, description = r.e.Description,
                }), new JsonSerializerOptions { WriteIndented = true }));
                break;
            default:
                Console.WriteLine($"{"model",-14} {"params",12} {"GMACs",8} {"+attn",7} {"pool Gops",9}  description   (input {input}x{input}, {classes} classes)");
                foreach (var (e, c) in rows)
                    Console.WriteLine($"{e.Name,-14} {c.Params,12:N0} {c.Macs / 1e9,8:F3} {c.AttentionMacs / 1e9,7:F3} {c.PoolOps / 1e9,9:F4}  {e.Description}");
                break;
        }
    }

    static void Show(string name, int input, int classes)
    {
        var (spec, count) = Measure(name, input, classes);
        var family = ModelZoo.Family(spec.Family);
        Console.WriteLine($"{name}: family {spec.Family}, input {input}x{input}, {classes} classes");
        Console.WriteLine($"{"#",3} {"block",-26} {"stride",6}  {family.SlotName}");
        foreach (var b in spec.Blocks())
            Console.WriteLine($"{b.Index,3} {b.Path,-26} {b.Stride,6}  {spec.OpAt(b)}");
        Console.WriteLine();
        Console.WriteLine($"{"layer",-44} {"kind",-18} {"output",-14} {"params",11} {"MMACs",9} {"pool Mops",9}");
        foreach (var l in count.Layers)
            Console.WriteLine($"{l.Path,-44} {l.Kind,-18} {l.OutputShape,-14} {l.Params,11:N0} {(l.Macs + l.AttentionMacs) / 1e6,9:F2} {l.PoolOps / 1e6,9:F3}");
        Console.WriteLine($"total: {count.Params:N0} params, {count.Macs / 1e9:F3} GMACs (+{count.AttentionMacs / 1e9:F3} attention matmuls), {count.PoolOps / 1e9:F4} G pool ops");
    }
}
