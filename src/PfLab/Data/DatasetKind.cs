namespace PfLab.Data;

public enum DatasetKind { Mnist, FashionMnist, Cifar10, Cifar100, ImageFolder }
