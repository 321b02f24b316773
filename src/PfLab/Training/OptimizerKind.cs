namespace PfLab.Training;

public enum OptimizerKind { Sgd, AdamW }
