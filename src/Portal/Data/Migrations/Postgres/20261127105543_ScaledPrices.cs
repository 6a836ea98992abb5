using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ScaledPrices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "CostPriceScaled",
                table: "OrderLines",
                type: "bigint",
                nullable: true,
                computedColumnSql: "(\"CostPrice\" * 10000)::bigint",
                stored: true);

            migrationBuilder.AddColumn<long>(
                name: "UnitPriceScaled",
                table: "OrderLines",
                type: "bigint",
                nullable: false,
                computedColumnSql: "(\"UnitPrice\" * 10000)::bigint",
                stored: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CostPriceScaled",
                table: "OrderLines");

            migrationBuilder.DropColumn(
                name: "UnitPriceScaled",
                table: "OrderLines");
        }
    }
}
