using System.Globalization;
using System.Text.RegularExpressions;
using PfLab.Reports;
using SkiaSharp;

namespace PfLab.Tests.Reports;

/// <summary>The report page in a real browser: every image decodes, and the screenshot shows a drawn plot.</summary>
public partial class HtmlPageTests
{
    // Appended to a copy of the page: reports how many <img> loaded and where the first one is.
    const string Probe = """
        <script>
        window.addEventListener('load', () => {
          const imgs = [...document.images];
          const ok = imgs.filter(i => i.complete && i.naturalWidth > 0).length;
          const r = imgs.length ? imgs[0].getBoundingClientRect() : {x:0,y:0,width:0,height:0};
          const pre = document.createElement('pre');
          pre.id = 'probe';
          pre.textContent = `images=${imgs.length} loaded=${ok} first=${Math.round(r.x)},${Math.round(r.y)},${Math.round(r.width)},${Math.round(r.height)}`;
          document.body.appendChild(pre);
        });
        </script>
        """;

    [Fact]
    public void PageIsSelfContainedAndItsPlotsRenderInChromium()
    {
        HeadlessChromium.EnsureInstalled();
        using var tmp = new TempDir();
        var trials = StudyFixture.WithStatus(StudyFixture.DepthTrials(),
            new Dictionary<string, (string, string)> { ["identity_block3-s1"] = (TrialStatus.Failed, "killed by the scheduler after 3 attempts") });
        var results = StudyFixture.Write(tmp["results/depth"], "depth", StudyFixture.DepthAxes, trials);
        var report = StudyReport.Generate(results, tmp["report"]);
        var page = Path.Combine(report.OutDir, "index.html");
        var html = File.ReadAllText(page);

        // Self-contained: no file or network reference a mailed copy would lose.
        Assert.DoesNotMatch(@"(src|href)\s*=\s*""(?!data:)", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        int expectedImages = PlotExporter.Drawn(report.Summary, report.OutDir).Count();
        Assert.Equal(5, expectedImages); // latency, MACs, params, depth, training curves

        var probePage = Path.Combine(report.OutDir, "probe.html");
        File.WriteAllText(probePage, html.Replace("</body>", Probe + "</body>"));
        var dom = HeadlessChromium.DumpDom(probePage, tmp["profile-dom"]);
        var m = ProbeLine().Match(dom);
        Assert.True(m.Success, $"probe output not found in the DOM dump: {dom[..Math.Min(dom.Length, 500)]}");
        Assert.Equal(expectedImages, int.Parse(m.Groups["n"].Value));
        Assert.Equal(expectedImages, int.Parse(m.Groups["ok"].Value));
        Assert.Contains("killed by the scheduler", dom);

        // The screenshot: the first plot's area is drawn (axes, text, coloured points), not blank.
        var shot = tmp["page.png"];
        HeadlessChromium.Screenshot(page, shot, tmp["profile-shot"]);
        int x = Int(m, "x"), y = Int(m, "y"), w = Int(m, "w"), h = Int(m, "h");
        Assert.True(w > 400 && h > 300, $"first plot is {w}x{h} px on the page");
        using var bitmap = SKBitmap.Decode(shot);
        Assert.True(y + 100 < bitmap.Height, $"first plot starts at y={y}, below the {bitmap.Height}px screenshot");
        int nonWhite = 0, colourful = 0, total = 0;
        for (int py = y; py < Math.Min(y + h, bitmap.Height); py += 2)
            for (int px = x; px < Math.Min(x + w, bitmap.Width); px += 2)
            {
                var c = bitmap.GetPixel(px, py);
                total++;
                if (c.Red < 230 || c.Green < 230 || c.Blue < 230) nonWhite++;
                if (Math.Max(c.Red, Math.Max(c.Green, c.Blue)) - Math.Min(c.Red, Math.Min(c.Green, c.Blue)) > 80) colourful++;
            }
        Assert.True(nonWhite > total / 50, $"plot area mostly blank: {nonWhite} of {total} sampled pixels drawn");
        Assert.True(colourful > 100, $"plot area has only {colourful} coloured pixels: points not drawn");
    }

    static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"images=(?<n>\d+) loaded=(?<ok>\d+) first=(?<x>-?\d+),(?<y>-?\d+),(?<w>\d+),(?<h>\d+)")]
    private static partial Regex ProbeLine();
}
