namespace ReviewQueue.Core.Common;

/// <summary>Sizes fixed by the specification, shared by validation and the database model.</summary>
public static class Limits
{
    public const int IdLength = 200;
    public const int NameLength = 200;
    public const int DescriptionLength = 2_000;
    public const int LabelLength = 200;
    public const int NotesLength = 10_000;
    public const int SlugLength = 64;
    public const int PrincipalIdLength = 450;
    public const int DisplayNameLength = 256;
    public const int TagLength = 100;
    public const int ModelLength = 200;
    public const int StatusLength = 16;

    public const int MaxTraceIdsPerAdd = 10_000;
    public const int MaxTracesPerIngest = 1_000;
    public const int MaxPageSize = 500;
}
