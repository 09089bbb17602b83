"""The demo city "Kota Contoh": its areas, agencies, categories, people and complaint history."""
