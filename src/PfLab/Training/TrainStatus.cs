namespace PfLab.Training;

/// <summary>How a run ended. Divergence and interruption are results, not exceptions.</summary>
public enum TrainStatus { Completed, Diverged, Interrupted }
