using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class UnusedFigureIndexesDropped : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CustomerFigures_Basis",
                table: "CustomerFigures");

            migrationBuilder.DropIndex(
                name: "IX_CustomerFigures_ComputedSegment",
                table: "CustomerFigures");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_CustomerFigures_Basis",
                table: "CustomerFigures",
                column: "Basis");

            migrationBuilder.CreateIndex(
                name: "IX_CustomerFigures_ComputedSegment",
                table: "CustomerFigures",
                column: "ComputedSegment");
        }
    }
}
