using System.Text.RegularExpressions;
using PfLab.Reports;

namespace PfLab.Tests.Reports;

/// <summary>The report page in a real browser at a laptop and a narrow width: no sideways scrolling, every image decodes.</summary>
public partial class HtmlPageTests
{
    // Appended to a copy of the page: how many <img> decoded, and whether anything is wider than the window.
    const string Probe = """
        <script>
        window.addEventListener('load', () => {
          const imgs = [...document.images];
          const ok = imgs.filter(i => i.complete && i.naturalWidth > 0).length;
          const summary = document.getElementById('summary');
          const wrap = summary.parentElement;
          const pre = document.createElement('pre');
          pre.id = 'probe';
          pre.textContent = `images=${imgs.length} loaded=${ok} page=${document.documentElement.scrollWidth} window=${window.innerWidth} ` +
            `summary=${summary.scrollWidth} box=${wrap.clientWidth}`;
          document.body.appendChild(pre);
        });
        </script>
        """;

    [Theory]
    [InlineData(1300)]
    [InlineData(800)]
    public void PageFitsTheWindowAndEveryImageLoadsInChromium(int width)
    {
        HeadlessChromium.EnsureInstalled();
        using var tmp = new TempDir();
        var trials = StudyFixture.WithStatus(StudyFixture.DepthTrials(seeds: 3),
            new Dictionary<string, (string, string)> { ["identity_block3-s1"] = (TrialStatus.Failed, "killed by the scheduler after 3 attempts") });
        var results = StudyFixture.Write(tmp["results/depth"], "depth", StudyFixture.DepthAxes, trials);
        var report = StudyReport.Generate(results, tmp["report"]);
        var html = File.ReadAllText(Path.Combine(report.OutDir, "index.html"));

        // Self-contained: no file or network reference a mailed copy would lose.
        Assert.DoesNotMatch(@"(src|href)\s*=\s*""(?!data:)", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        int expectedImages = PlotExporter.Drawn(report.Summary, report.OutDir).Count();
        Assert.Equal(5, expectedImages); // latency, MACs, params, depth, training curves

        var probePage = Path.Combine(report.OutDir, "probe.html");
        File.WriteAllText(probePage, html.Replace("</body>", Probe + "</body>"));
        var dom = HeadlessChromium.DumpDom(probePage, tmp["profile"], width);
        var m = ProbeLine().Match(dom);
        Assert.True(m.Success, $"probe output not found in the DOM dump: {dom[..Math.Min(dom.Length, 500)]}");
        int Int(string g) => int.Parse(m.Groups[g].Value);
        Assert.Equal(expectedImages, Int("n"));
        Assert.Equal(expectedImages, Int("ok"));
        Assert.Equal(width, Int("window"));
        Assert.True(Int("page") <= Int("window"), $"the page is {Int("page")} px wide in a {width} px window");
        // At a laptop width the summary table fits its box without scrolling; narrower, it scrolls inside it.
        if (width >= 1300) Assert.True(Int("summary") <= Int("box"), $"the summary table is {Int("summary")} px wide in a {Int("box")} px box");
        Assert.Contains("killed by the scheduler", dom);
    }

    [GeneratedRegex(@"images=(?<n>\d+) loaded=(?<ok>\d+) page=(?<page>\d+) window=(?<window>\d+) summary=(?<summary>\d+) box=(?<box>\d+)")]
    private static partial Regex ProbeLine();
}
