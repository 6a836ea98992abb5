using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.ProductManagement;

namespace Portal.Areas.Pm.Pages.OfferCsv;

/// CSV export and import of products, pack sizes and prices. Bad rows come back with their line and reason; the
/// good rows of the same file are imported.
[RequestSizeLimit(MaxUpload)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUpload)]
public sealed class IndexModel(ProductManagement.OfferCsv csv) : PageModel
{
    private const long MaxUpload = 20L * 1024 * 1024;

    [BindProperty]
    public ProductManagement.OfferCsv.Kind Kind { get; set; } = ProductManagement.OfferCsv.Kind.Prices;

    [BindProperty]
    public ProductManagement.OfferCsv.Format Format { get; set; }

    public ProductManagement.OfferCsv.Result? Result { get; private set; }
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnGetExportAsync(ProductManagement.OfferCsv.Kind kind, ProductManagement.OfferCsv.Format format, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await csv.ExportAsync(kind, format, buffer, cancellationToken);
        buffer.Position = 0;
        return File(buffer, "text/csv; charset=utf-8", kind == ProductManagement.OfferCsv.Kind.Products ? "products.csv" : "prices.csv");
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            Error = "Please choose a CSV file.";
            return Page();
        }

        await using var stream = file.OpenReadStream();
        Result = await csv.ImportAsync(Kind, Format, stream, cancellationToken);
        if (Result.FileError is not null)
        {
            Error = Result.FileError;
        }

        return Page();
    }
}
