namespace PfLab.Search;

/// <summary>
/// How architecture parameters are shared between searched blocks: one set per block (the paper's
/// "individual cells"), or one set for the normal blocks and one for the down-sampling blocks, as DARTS
/// shares its normal and reduction cells.
/// </summary>
public enum SearchMode
{
    Individual,
    Shared,
}
