namespace PfLab.Reports;

/// <summary>On which scale a confidence interval was computed, so it stays inside its quantity's range.</summary>
public enum IntervalScale
{
    /// <summary>Student-t on the values themselves (parameter and MAC counts, accuracy differences).</summary>
    Linear,
    /// <summary>Student-t on logit(accuracy), mapped back: the interval stays inside [0, 100].</summary>
    Logit,
    /// <summary>Some seed hit 0 or 100 (the logit is infinite): Student-t on the values, clipped to [0, 100].</summary>
    Clipped,
    /// <summary>Student-t on log(value), mapped back: a latency interval stays positive.</summary>
    Log,
}
