using PfLab.Scheduling;

namespace PfLab.Tests.Scheduling;

public class SlotPolicyTests
{
    [Theory]
    [InlineData("cpu", null, null, 1, 2, 2, 1)]     // the study trains with 1 thread: the cores fill with slots
    [InlineData("cpu", null, null, 0, 2, 1, 2)]     // no thread count anywhere: one slot with every core
    [InlineData("cpu", null, 2, 1, 4, 2, 2)]        // --threads wins over the study
    [InlineData("cpu", 3, null, 0, 6, 3, 2)]        // --per-device shares the cores
    [InlineData("auto", null, null, 1, 2, 2, 1)]    // auto without CUDA is cpu, with cpu's rule
    [InlineData("cuda:0,1", null, null, 0, 8, 2, 4)]
    public void Slots_follow_the_study_and_the_options(string devices, int? perDevice, int? threads, int studyThreads, int cores, int slots, int each)
    {
        var list = SlotPolicy.Slots(devices, perDevice, threads, studyThreads, cudaAvailable: false, cores);
        Assert.Equal(slots, list.Count);
        Assert.All(list, s => Assert.Equal(each, s.Threads));
    }

    [Fact]
    public void Zero_threads_is_a_user_error() =>
        Assert.Throws<UserError>(() => SlotPolicy.Slots("cpu", null, 0, 1, false, 2));

    [Fact]
    public void The_list_schedule_hands_each_trial_to_the_first_free_slot_in_order()
    {
        Assert.Equal(10, ListSchedule.Makespan([], [10, 4, 3, 3], 2));   // 10 | 4+3+3
        Assert.Equal(9, ListSchedule.Makespan([5], [4, 4], 2));           // 5+4 | 4
        Assert.Equal(0, ListSchedule.Makespan([], [], 3));
    }
}
