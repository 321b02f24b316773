namespace PfLab.Ops;

/// <summary>A pool applied to an NCHW float tensor: its (N * C) planes and the window's rows and columns.</summary>
sealed record PoolGeometry(long Batch, long Channels, PoolAxis Rows, PoolAxis Cols)
{
    public static PoolGeometry Of(PoolWindow window, long[] shape) =>
        new(shape[0], shape[1], PoolAxis.Of(window, shape[2]), PoolAxis.Of(window, shape[3]));

    public long Planes => Batch * Channels;
    public int InPlane => Rows.In * Cols.In;
    public int OutPlane => Rows.Out * Cols.Out;
    public long[] InputShape => [Batch, Channels, Rows.In, Cols.In];
    public long[] OutputShape => [Batch, Channels, Rows.Out, Cols.Out];

    /// <summary>Spans over a tensor's storage are limited to 2 GB.</summary>
    public bool FitsInSpans => Planes * Math.Max(InPlane, OutPlane) * sizeof(float) <= int.MaxValue;
}
