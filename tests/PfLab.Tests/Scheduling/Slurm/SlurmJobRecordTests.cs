using PfLab.Scheduling.Slurm;

namespace PfLab.Tests.Scheduling.Slurm;

/// <summary>squeue --json as Slurm 22.05 prints it (fields cut to the ones read), and the later layout.</summary>
public sealed class SlurmJobRecordTests
{
    private const string Squeue2205 = """
        {"meta":{},"errors":[],"jobs":[
          {"job_id":4,"array_job_id":1,"array_task_id":2,"array_task_string":"","job_state":"FAILED","state_reason":"NonZeroExitCode","exit_code":768,"nodes":"vm"},
          {"job_id":6,"array_job_id":5,"array_task_id":0,"array_task_string":"","job_state":"CANCELLED","state_reason":"None","exit_code":15,"nodes":"vm"},
          {"job_id":5,"array_job_id":5,"array_task_id":null,"array_task_string":"1-2,4-5%1","job_state":"PENDING","state_reason":"JobArrayTaskLimit","exit_code":0,"nodes":""},
          {"job_id":9,"array_job_id":0,"array_task_id":null,"array_task_string":"","job_state":"RUNNING","state_reason":"None","exit_code":0,"nodes":"vm"}
        ]}
        """;

    [Fact]
    public void Parses_tasks_pending_arrays_and_plain_jobs()
    {
        var r = SlurmJobRecord.ParseSqueueJson(Squeue2205);
        Assert.Equal(4, r.Count);
        Assert.Equal(("1_2", 3, 0, true), (r[0].Name, r[0].ExitCode, r[0].Signal, r[0].HasEnded));
        Assert.Equal((15, true), (r[1].Signal, r[1].HasEnded));
        Assert.Equal((null, false), (r[2].ArrayTaskId, r[2].HasEnded));
        Assert.Equal([1, 2, 4, 5], r[2].Indices);
        Assert.Equal(("9", "9", (int?)null, "9"), (r[3].JobId, r[3].ArrayJobId, r[3].ArrayTaskId, r[3].Name));
        Assert.Equal("Slurm FAILED (NonZeroExitCode), exit 3", r[0].Describe());
    }

    [Fact]
    public void Parses_the_later_layout_with_number_objects_and_state_lists()
    {
        const string json = """
            {"jobs":[{"job_id":12,"array_job_id":{"set":true,"number":10},"array_task_id":{"set":true,"number":2},
              "array_task_string":"","job_state":["FAILED"],"state_reason":"NonZeroExitCode",
              "exit_code":{"status":["SIGNALED"],"return_code":{"set":true,"number":0},"signal":{"id":{"set":true,"number":9},"name":"KILL"}},
              "nodes":"n1"}]}
            """;
        var r = Assert.Single(SlurmJobRecord.ParseSqueueJson(json));
        Assert.Equal(("10_2", "FAILED", 9), (r.Name, r.State, r.Signal));
    }

    [Fact]
    public void Output_without_a_jobs_list_is_an_error_that_shows_it() =>
        Assert.Contains("no \"jobs\" list", Assert.Throws<SlurmException>(() => SlurmJobRecord.ParseSqueueJson("{\"errors\":[1]}")).Message);

    [Theory]
    [InlineData(new[] { 5, 0, 1, 2, 7, 8 }, "0-2,5,7-8")]
    [InlineData(new[] { 3 }, "3")]
    public void Indices_are_formatted_as_ranges_and_parse_back(int[] indices, string text)
    {
        Assert.Equal(text, SlurmArrayIndices.Format(indices));
        Assert.Equal(indices.Order(), SlurmArrayIndices.Parse(text));
        Assert.Equal([0, 2, 4, 9], SlurmArrayIndices.Parse("0-4:2,9%3"));
    }

    [Fact]
    public void Options_validation_names_every_bad_field()
    {
        var options = new SlurmOptions { CpusPerTask = 0, MaxConcurrent = 0, TimeLimit = TimeSpan.FromSeconds(5), ExtraSbatchArgs = ["--array=1", "account"] };
        var message = Assert.Throws<UserError>(options.Validate).Message;
        foreach (var part in new[] { "cpus-per-task is 0", "max-concurrent is 0", "time limit", "'--array=1' is set by the runner", "'account' is not an option" })
            Assert.Contains(part, message);
        new SlurmOptions().Validate();
    }
}
