namespace PfLab.Tests.Measurement;

/// <summary>A clock that only moves when a fake workload says so: stopping rules are tested without sleeping.</summary>
sealed class FakeClock : TimeProvider
{
    long micros;
    public override long TimestampFrequency => 1_000_000;
    public override long GetTimestamp() => micros;
    public void Advance(double milliseconds) => micros += (long)Math.Round(milliseconds * 1000);
}
