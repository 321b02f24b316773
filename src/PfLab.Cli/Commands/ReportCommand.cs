using System.CommandLine;
using PfLab.Reports;

namespace PfLab.Cli.Commands;

/// <summary>`pflab report STUDY.yaml|results/&lt;study&gt; [--out DIR]`: tables, plots and an HTML page of a (possibly partial) study.</summary>
static class ReportCommand
{
    public static Command Create()
    {
        var study = new Argument<string>("study")
        {
            Description = "A study .yaml file (its name picks results/<name>) or a results/<study> folder",
        };
        var output = new Option<string?>("--out")
        {
            Description = "Report folder (default: reports/<study>)",
        };
        var command = new Command("report", "Summarise a study's results: summary.csv, README.md, index.html and plots")
        {
            study,
            output,
        };
        command.SetAction(parse =>
        {
            var result = StudyReport.Generate(parse.GetValue(study)!, parse.GetValue(output));
            var s = result.Summary;
            Console.WriteLine($"{s.Name}: {ReportTables.Progress(s)}");
            Console.WriteLine($"wrote {result.Files.Count} files to {result.OutDir} (open {Path.Combine(result.OutDir, HtmlExporter.FileName)})");
            return 0;
        });
        return command;
    }
}
