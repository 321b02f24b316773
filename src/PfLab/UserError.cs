namespace PfLab;

/// <summary>
/// A mistake in the user's input (a study file, a model name, a path). The CLI prints its message
/// as one line and exits with code 2, so the message must name the file, line or key and the fix.
/// </summary>
public sealed class UserError(string message, Exception? inner = null) : Exception(message, inner);
