import type { ProductInput } from './product.js';

/**
 * The starter catalogue of a Dhaka online shop: what `seedCatalogue` inserts into an empty database.
 * Prices are in taka (typical 2024–25 retail), stock in units.
 */
export type SeedProduct = Omit<ProductInput, 'imageUrl'>;

type Row = [sku: string, name: string, price: number, stock: number, description: string];

// One product per line: it reads as a price list.
// prettier-ignore
const CATALOGUE: Record<string, Row[]> = {
  groceries: [
    ['GRO-MINIKET-5KG', 'Miniket Rice 5 kg', 420, 180, 'Polished miniket rice for everyday bhaat.'],
    ['GRO-CHINIGURA-1KG', 'Chinigura Aromatic Rice 1 kg', 165, 120, 'Small-grain fragrant rice for polao and payesh.'],
    ['GRO-SOYOIL-5L', 'Rupchanda Fortified Soybean Oil 5 L', 852, 90, 'Vitamin A fortified soybean oil, 5 litre bottle.'],
    ['GRO-MUSTOIL-1L', 'Radhuni Pure Mustard Oil 1 L', 330, 75, 'Cold-pressed mustard oil, sharp and pungent.'],
    ['GRO-MASOOR-1KG', 'Masoor Dal (Red Lentils) 1 kg', 140, 200, 'Deshi red lentils for a weeknight dal.'],
    ['GRO-SUGAR-1KG', 'Fresh Refined Sugar 1 kg', 135, 160, 'Fine white sugar.'],
    ['GRO-ATTA-2KG', 'Teer Whole Wheat Atta 2 kg', 130, 140, 'Chakki atta for ruti and paratha.'],
    ['GRO-TEA-400G', 'Ispahani Mirzapore Best Leaf Tea 400 g', 260, 110, 'Strong CTC blend from Sylhet gardens.'],
    ['GRO-TURMERIC-200G', 'Radhuni Turmeric Powder 200 g', 110, 150, 'Ground holud for curries.'],
    ['GRO-CHILLI-200G', 'Radhuni Chilli Powder 200 g', 120, 150, 'Ground red morich, medium heat.'],
    ['GRO-HILSA-1KG', 'Padma Hilsa (Ilish) about 1 kg', 1650, 0, 'Fresh river ilish; back in stock in the monsoon.'],
    ['GRO-MILK-1L', 'Aarong Dairy Pasteurised Milk 1 L', 100, 60, 'Chilled full-cream milk.'],
    ['GRO-HONEY-500G', 'Sundarban Khalisha Honey 500 g', 650, 40, 'Raw mangrove honey from the Sundarbans.'],
    ['GRO-CHANACHUR-300G', 'Bombay Sweets Chanachur 300 g', 85, 220, 'Spicy crunchy snack mix.'],
    ['GRO-BISCUIT-240G', 'Olympic Energy Plus Biscuits 240 g', 50, 300, 'Glucose biscuits for cha time.'],
  ],
  electronics: [
    ['ELE-WALTON-PRIMO-H10', 'Walton Primo H10 Smartphone', 13999, 25, '6.6" display, 4 GB RAM, 64 GB storage, dual SIM.'],
    ['ELE-REDMI-NOTE13', 'Xiaomi Redmi Note 13 (8/128 GB)', 23999, 18, '120 Hz AMOLED, 108 MP camera, 5000 mAh.'],
    ['ELE-SYMPHONY-Z60', 'Symphony Z60 Smartphone', 11990, 30, '6.5" display, 4/64 GB, 5000 mAh battery.'],
    ['ELE-FRIDGE-253L', 'Walton 253 L Frost Refrigerator', 45990, 6, 'Double door, low-voltage start for load-shedding.'],
    ['ELE-TV-32', 'Vision 32" HD LED TV', 17500, 12, 'HD ready, USB movie playback, two HDMI ports.'],
    ['ELE-RICECOOKER-28L', 'Walton Rice Cooker 2.8 L', 2850, 45, 'Keeps rice warm for hours; steaming tray included.'],
    ['ELE-KETTLE-18L', 'Miyako Electric Kettle 1.8 L', 1450, 55, 'Stainless steel, auto cut-off.'],
    ['ELE-FAN-56', 'Walton Ceiling Fan 56"', 3600, 35, 'Copper winding, five speeds.'],
    ['ELE-POWERBANK-10K', 'Anker PowerCore 10000 mAh Power Bank', 2800, 50, 'Pocket size; a full phone charge twice.'],
    ['ELE-EARBUDS-T13', 'QCY T13 Wireless Earbuds', 1650, 70, 'Bluetooth 5.1, 40 hours with the case.'],
    ['ELE-ROUTER-C6', 'TP-Link Archer C6 Wi-Fi Router', 3350, 28, 'Dual band AC1200, four antennas.'],
    ['ELE-EMERGENCY-LIGHT', 'Rechargeable LED Emergency Light', 850, 3, 'Eight hours of light when the power goes.'],
  ],
  fashion: [
    ['FAS-JAMDANI-SAREE', 'Dhakai Jamdani Saree (Half Silk)', 8500, 8, 'Hand-woven in Rupganj; comes with blouse piece.'],
    ['FAS-TANGAIL-SAREE', 'Tangail Cotton Saree', 2200, 24, 'Soft handloom cotton with a woven border.'],
    ['FAS-PANJABI-MEN', "Men's Cotton Panjabi", 1850, 40, 'Embroidered placket; sizes 38 to 46.'],
    ['FAS-PANJABI-KIDS', "Kids' Eid Panjabi", 1250, 35, 'Light cotton panjabi with pajama, ages 3 to 12.'],
    ['FAS-THREEPIECE', "Women's Lawn Three-Piece", 2450, 30, 'Printed kameez, salwar and chiffon orna.'],
    ['FAS-LUNGI-CHECK', 'Cotton Check Lungi', 550, 90, 'Soft yarn-dyed lungi for home wear.'],
    ['FAS-GAMCHHA-2PK', 'Handloom Gamchha (Pack of 2)', 350, 120, 'Quick-drying checked cotton towels.'],
    ['FAS-SANDAL-MEN', "Bata Men's Leather Sandal", 1599, 45, 'Cushioned footbed, sizes 6 to 11.'],
    ['FAS-SANDAL-WOMEN', "Apex Women's Flat Sandal", 1290, 38, 'Everyday flats, sizes 35 to 40.'],
    ['FAS-POLO-MEN', "Men's Pique Polo Shirt", 890, 60, 'Breathable cotton pique, five colours.'],
  ],
  home: [
    ['HOM-KANTHA-BEDSPREAD', 'Nakshi Kantha Bedspread', 4500, 10, 'Hand-stitched kantha from Jamalpur, double bed.'],
    ['HOM-JUTE-MAT', 'Jute Floor Mat 4 x 6 ft', 1800, 22, 'Natural golden fibre, hand braided.'],
    ['HOM-MATIR-HARI', 'Clay Cooking Pot (Matir Hari)', 350, 40, 'Unglazed terracotta for slow-cooked curries.'],
    ['HOM-BONTI', 'Traditional Kitchen Bonti', 450, 25, 'Floor-mounted blade for fish and vegetables.'],
    ['HOM-MOSQUITO-NET', 'Cotton Mosquito Net (Double Bed)', 950, 50, 'Fine mesh, reinforced corners.'],
    ['HOM-BUCKET-20L', 'RFL Plastic Bucket 20 L', 320, 80, 'Sturdy bucket with a steel handle.'],
    ['HOM-PRESSURE-5L', 'Kiam Pressure Cooker 5 L', 2650, 20, 'Aluminium body, gas and electric stoves.'],
    ['HOM-DINNER-SET', 'Melamine Dinner Set (32 Pieces)', 3800, 14, 'Plates, bowls and serving dishes for six.'],
    ['HOM-BEDSHEET-KING', 'Cotton Bedsheet Set (King)', 1650, 33, 'One sheet and two pillow covers.'],
  ],
  books: [
    ['BOO-GITANJALI', 'Gitanjali by Rabindranath Tagore', 250, 40, 'The Nobel-winning song offerings, in Bangla.'],
    ['BOO-AGNIBEENA', 'Agnibeena by Kazi Nazrul Islam', 180, 35, "The rebel poet's first collection of poems."],
    ['BOO-HIMU-COLLECTION', 'Himu Samagra by Humayun Ahmed', 650, 20, "The yellow-panjabi wanderer's stories, collected."],
    ['BOO-PATHER-PANCHALI', 'Pather Panchali by Bibhutibhushan Bandyopadhyay', 320, 18, "Apu and Durga's village childhood."],
    ['BOO-UNFINISHED-MEMOIRS', 'The Unfinished Memoirs by Sheikh Mujibur Rahman', 600, 25, 'Autobiography, English translation.'],
    ['BOO-LALSALU', 'Lalsalu by Syed Waliullah', 150, 30, 'A classic novel of faith and power in rural Bengal.'],
    ['BOO-PADMA-MAJHI', 'Padma Nadir Majhi by Manik Bandopadhyay', 220, 26, 'Fishermen on the Padma river.'],
    ['BOO-FELUDA-1', 'Feluda Samagra Vol. 1 by Satyajit Ray', 900, 12, 'The detective stories, volume one.'],
    ['BOO-DICTIONARY', 'Bangla Academy English-Bangla Dictionary', 550, 15, 'The standard bilingual dictionary.'],
    ['BOO-HSC-PHYSICS-1', 'HSC Physics First Paper', 420, 60, 'Board textbook with solved problems.'],
  ],
  beauty: [
    ['BEA-MERIL-JELLY-100', 'Meril Petroleum Jelly 100 ml', 110, 140, 'For dry winter skin and chapped lips.'],
    ['BEA-MERIL-LOTION-200', 'Meril Baby Lotion 200 ml', 260, 70, 'Mild lotion for babies.'],
    ['BEA-PARACHUTE-350', 'Parachute Coconut Oil 350 ml', 245, 110, 'Pure edible-grade coconut oil for hair.'],
    ['BEA-LUX-SOAP-150', 'Lux Soft Touch Soap 150 g', 75, 250, 'French rose and almond oil.'],
    ['BEA-SANDALINA-SOAP', 'Sandalina Sandal Soap 100 g', 55, 200, 'Classic sandalwood beauty soap.'],
    ['BEA-MEHEDI-12', 'Henna Mehedi Cones (Pack of 12)', 240, 90, 'Natural henna paste for Eid and weddings.'],
    ['BEA-KUMARIKA-200', 'Kumarika Hair Oil 200 ml', 200, 85, 'Herbal oil with amla and methi.'],
    ['BEA-ATTAR-OUD-6', 'Oud Attar 6 ml', 450, 45, 'Alcohol-free roll-on perfume oil.'],
    ['BEA-PONDS-FACEWASH', "Pond's Bright Beauty Face Wash 100 g", 320, 65, 'Daily gentle cleanser.'],
  ],
};

export const SEED_PRODUCTS: readonly SeedProduct[] = Object.entries(CATALOGUE).flatMap(([category, rows]) =>
  rows.map(([sku, name, price, stock, description]) => ({ sku, name, description, category, price, stock })),
);
