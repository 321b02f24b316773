namespace PfLab.Training;

/// <summary>Learning-rate schedule after the linear warm-up: cosine to MinLr, step decay, or constant.</summary>
public enum ScheduleKind { Cosine, Step, Constant }
